using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Hosting;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.Pipeline.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MarkovFunctions.LocalHost.Local;

/// <summary>
/// The same orchestrator and activities as the Functions app, on the Durable Task engine on this
/// machine: the Azure Storage backend on Azurite when a storage connection is configured, in memory
/// otherwise; artifacts in blob storage (Azurite) or, without one, in a local directory.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalPipeline(ServiceProvider services, DurableEngine engine)
    {
        _services = services;
        Engine = engine;
    }

    public DurableEngine Engine { get; }

    public IServiceProvider Services => _services;

    public IArtifactStore Store => _services.GetRequiredService<IArtifactStore>();

    public RunsApi Api => new(
        new DurableClientGateway(Engine.Client), Store, _services.GetRequiredService<IOptions<RunOptions>>(), TimeProvider.System,
        _services.GetService<ILogger<RunsApi>>());

    public static async Task<LocalPipeline> StartAsync(
        IConfiguration configuration, LogLevel logLevel = LogLevel.Warning, CancellationToken ct = default, ILoggerProvider? extraLogs = null)
    {
        var problems = SettingsRegistration.Problems(configuration);
        if (problems.Count > 0)
        {
            throw new ConfigurationException($"settings: {string.Join("; ", problems)}");
        }

        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
            if (extraLogs is not null)
            {
                logging.AddProvider(extraLogs);
            }
        });
        services.AddMarkovSettings(configuration);
        services.AddSingleton(TimeProvider.System);
        var engineHolder = new EngineHolder();
        services.AddSingleton(engineHolder);

        var artifacts = configuration.GetSection(ArtifactsOptions.Section).Get<ArtifactsOptions>() ?? new ArtifactsOptions();
        if (string.IsNullOrWhiteSpace(artifacts.ConnectionString) && string.IsNullOrWhiteSpace(artifacts.AccountUri))
        {
            var local = new LocalDirectoryArtifactStore(artifacts.LocalCopyPath ?? "processed");
            services.AddSingleton<IArtifactStore>(local);
            services.AddSingleton<IReportLinks>(new LocalReportLinks(local.Root));
        }
        else
        {
            var blob = BlobArtifactStore.Create(artifacts);
            services.AddSingleton<IArtifactStore>(blob);
            services.AddSingleton<IReportLinks>(string.IsNullOrWhiteSpace(artifacts.LocalCopyPath)
                ? new BlobReportLinks(blob, TimeProvider.System, TimeSpan.FromHours(artifacts.ReportLinkHours))
                : new LocalReportLinks(artifacts.LocalCopyPath));
        }

        services.AddSingleton(_ => NpgsqlDataSource.Create(PostgresOptions.From(configuration).ReaderConnectionString()));
        services.AddSingleton<IJourneySource, PostgresJourneySource>();
        services.AddSingleton<IRunPublisher, ArtifactRunPublisher>();
        if (configuration.GetSection(RunOptions.Section).Get<RunOptions>()?.PublishToDatabase == true)
        {
            services.AddSingleton<IScenarioSink>(_ => new PostgresScenarioSink(NpgsqlDataSource.Create(PostgresOptions.From(configuration).WriterConnectionString())));
        }
        services.AddSingleton<IHistoryPurger>(sp => new DurableClientHistoryPurger(sp.GetRequiredService<EngineHolder>().Engine!.Client));
        services.AddSingleton<IHousekeeper, RetentionHousekeeper>();
        services.AddSingleton(sp => new OptimiseDelay(sp.GetRequiredService<IOptions<TestingOptions>>().Value.OptimiseDelayMs));
        services.AddWebhookNotifier();
        foreach (var activity in PipelineTasks.Catalog.Activities)
        {
            services.AddTransient(activity.Implementation);
        }

        var provider = services.BuildServiceProvider();
        var durable = provider.GetRequiredService<IOptions<DurableOptions>>().Value;
        var options = new DurableEngineOptions
        {
            StorageConnectionString = artifacts.ConnectionString,
            HubName = durable.HubName,
        };
        var engine = await DurableEngine.StartNewAsync(options, PipelineTasks.Catalog, provider, ct);
        engineHolder.Engine = engine;
        return new LocalPipeline(provider, engine);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _services.DisposeAsync();
    }

    private sealed class EngineHolder
    {
        public DurableEngine? Engine { get; set; }
    }
}
