using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.Pipeline.Publishing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MarkovFunctions.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Everything the Functions app needs, registered in one place.</summary>
    public static IServiceCollection AddMarkovFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMarkovSettings(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => BlobArtifactStore.Create(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value));
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<BlobArtifactStore>());
        services.AddSingleton<IReportLinks>(sp => new BlobReportLinks(
            sp.GetRequiredService<BlobArtifactStore>(),
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromHours(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.ReportLinkHours)));
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ReaderConnectionString()));
        services.AddSingleton<IJourneySource, PostgresJourneySource>();
        services.AddSingleton<IRunPublisher, ArtifactRunPublisher>();
        if (configuration.GetSection(RunOptions.Section).Get<RunOptions>()?.PublishToDatabase == true)
        {
            services.AddSingleton<IScenarioSink>(sp => new PostgresScenarioSink(NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.WriterConnectionString())));
        }
        services.AddSingleton(sp => new OptimiseDelay(sp.GetRequiredService<IOptions<TestingOptions>>().Value.OptimiseDelayMs));
        services.AddWebhookNotifier();

        // The housekeeper's history purger needs the durable client, which Functions hands to the
        // activity's wrapper through its [DurableClient] binding (see PipelineFunctions.Housekeeping).
        foreach (var activity in PipelineTasks.Catalog.Activities)
        {
            services.AddTransient(activity.Implementation);
        }

        return services;
    }
}
