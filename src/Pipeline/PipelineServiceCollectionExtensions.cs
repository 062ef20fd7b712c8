using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.Pipeline.Publishing;
using MarkovFunctions.Pipeline.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MarkovFunctions.Pipeline;

/// <summary>The composition root of the pipeline: every service its activities and triggers use, registered once.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Settings (validated at start-up), the artifact store, PostgreSQL, the publisher and its sinks, the
    /// notifier, the weekly starter and every activity of <see cref="PipelineTasks.Catalog"/>. A host
    /// adds only what is its own: its triggers and, through its durable client, the history purger.
    /// </summary>
    public static IServiceCollection AddMarkovPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMarkovSettings(configuration);
        services.AddSingleton(TimeProvider.System);

        var artifacts = configuration.GetSection(ArtifactsOptions.Section).Get<ArtifactsOptions>() ?? new ArtifactsOptions();
        if (string.IsNullOrWhiteSpace(artifacts.ConnectionString) && string.IsNullOrWhiteSpace(artifacts.AccountUri))
        {
            // No storage account (a local run only): the local copy is the store.
            services.AddSingleton<IArtifactStore>(sp => new LocalDirectoryArtifactStore(Artifacts(sp).LocalCopyPath!));
            services.AddSingleton<IReportLinks>(sp => new LocalReportLinks(Artifacts(sp).LocalCopyPath!));
        }
        else
        {
            services.AddSingleton(sp => BlobArtifactStore.Create(Artifacts(sp)));
            services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<BlobArtifactStore>());
            // A SAS even with a local copy: the link goes to people on other machines, and a server path opens nothing there.
            services.AddSingleton<IReportLinks>(sp => new BlobReportLinks(
                sp.GetRequiredService<BlobArtifactStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromHours(Artifacts(sp).ReportLinkHours)));
        }

        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ReaderConnectionString()));
        services.AddSingleton<IJourneySource, PostgresJourneySource>();
        services.AddSingleton<IRunPublisher, ArtifactRunPublisher>();
        services.AddSingleton<IRunWorkStore, ArtifactRunWorkStore>();
        if (RunOptions.From(configuration).PublishToDatabase)
        {
            services.AddSingleton<IScenarioSink>(sp => new PostgresScenarioSink(
                NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.WriterConnectionString())));
        }

        services.AddRunNotifier();
        services.AddSingleton<WeeklyRunStarter>();
        // One per app: RunsApi is made per request, and what the read APIs keep outlives each.
        services.AddSingleton<Api.RunReadCache>();
        foreach (var activity in PipelineTasks.Catalog.Activities)
        {
            services.AddTransient(activity.Implementation);
        }

        return services;
    }

    private static ArtifactsOptions Artifacts(IServiceProvider services) => services.GetRequiredService<IOptions<ArtifactsOptions>>().Value;
}
