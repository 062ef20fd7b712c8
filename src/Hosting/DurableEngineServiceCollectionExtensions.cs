using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarkovFunctions.Hosting;

public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local engine as a hosted service (started and stopped with the host) and its
    /// <see cref="DurableTaskClient"/>, for a local host that serves the same handlers as the Functions app.
    /// </summary>
    public static IServiceCollection AddDurableEngine(
        this IServiceCollection services, DurableTaskCatalog catalog, Func<IServiceProvider, DurableEngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new DurableEngine(options(sp), catalog, sp));
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableEngine>().Client);
        services.AddHostedService<DurableEngineHostedService>();
        return services;
    }

    private sealed class DurableEngineHostedService(DurableEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
    }
}
