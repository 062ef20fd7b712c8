using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Everything the Functions app needs, registered in one place.</summary>
    public static IServiceCollection AddMarkovFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMarkovSettings(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IArtifactStore>(sp => BlobArtifactStore.Create(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value));
        services.AddHttpClient<IRunNotifier, WebhookNotifier>();

        // PLACEHOLDER: IJourneySource (PostgreSQL extract), IRunPublisher (run folder -> RunFolderPublisher)
        // and IHousekeeper are registered here once their adapters land; until then the activities
        // that need them fail at resolution.
        foreach (var activity in PipelineTasks.Catalog.Activities)
        {
            services.AddTransient(activity.Implementation);
        }

        return services;
    }
}
