using DurableTask.AzureStorage;
using DurableTask.Core;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarkovFunctions.Hosting;

/// <summary>
/// Runs a <see cref="DurableTaskCatalog"/>'s orchestrators and activities on the Durable Task engine
/// in this process: DurableTask.Core's worker, the Azure Storage backend (Azurite) or an in-memory
/// one, and the SDK's shims between them, so the classes the Functions app runs run here unchanged.
/// <see cref="Client"/> is the SDK's <see cref="DurableTaskClient"/>, as the Functions starters get it.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly DurableEngineOptions _options;
    private readonly IOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _hubCreated;
    private bool _running;
    private bool _disposed;

    /// <param name="services">Where activities get their dependencies from (one scope per activity run).</param>
    public DurableEngine(DurableEngineOptions options, DurableTaskCatalog catalog, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(services);
        options.Validate();
        _options = options;

        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<DurableEngine>();
        var converter = options.DataConverter ?? JsonDataConverter.Default;

        _service = options.Backend == DurableBackend.AzureStorage
            ? new AzureStorageOrchestrationService(AzureStorageSettings(options, loggerFactory))
            : new BoundedInMemoryOrchestrationService(loggerFactory, options.MaxConcurrentActivities, options.MaxConcurrentOrchestrations);

        var shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions
            {
                DataConverter = converter,
                Concurrency =
                {
                    MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities,
                    MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
                },
            },
            loggerFactory);
        _worker = new TaskHubWorker(
            _service,
            ShimRegistry<TaskOrchestration>.Orchestrations(catalog, services, shims),
            ShimRegistry<TaskActivity>.Activities(catalog, services, shims),
            loggerFactory)
        {
            // The SDK reads failures as FailureDetails (TaskFailedException.FailureDetails); without
            // this, DurableTask.Core would serialise exceptions instead.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        Client = new EngineDurableTaskClient(options.HubName, (IOrchestrationServiceClient)_service, converter, options.StatusPollInterval);
    }

    public DurableTaskClient Client { get; }

    public DurableBackend Backend => _options.Backend;

    public string HubName => _options.HubName;

    /// <summary>Creates the task hub if needed (queues, tables, leases) and starts taking work.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                return;
            }

            await EnsureHubAsync().ConfigureAwait(false);
            await _worker.StartAsync().ConfigureAwait(false);
            _running = true;
            Logs.EngineStarted(_logger, _options.Backend, _options.HubName, _options.WorkerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops taking work; work items in flight finish first. The task hub and its instances stay.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopWorkerAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the worker, then deletes the task hub with every instance and its history. In this
    /// order only: deleting a hub under a running worker hangs.
    /// </summary>
    public async Task DeleteTaskHubAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopWorkerAsync().ConfigureAwait(false);
            await _service.DeleteAsync().ConfigureAwait(false);
            _hubCreated = false;
            Logs.TaskHubDeleted(_logger, _options.HubName);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A started engine, ready for <see cref="Client"/> calls.</summary>
    public static async Task<DurableEngine> StartNewAsync(
        DurableEngineOptions options, DurableTaskCatalog catalog, IServiceProvider services, CancellationToken ct = default)
    {
        var engine = new DurableEngine(options, catalog, services);
        try
        {
            await engine.StartAsync(ct).ConfigureAwait(false);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopWorkerAsync().ConfigureAwait(false);
            _worker.Dispose();
            (_service as IDisposable)?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnsureHubAsync()
    {
        if (!_hubCreated)
        {
            await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
            _hubCreated = true;
        }
    }

    private async Task StopWorkerAsync()
    {
        if (!_running)
        {
            return;
        }

        await _worker.StopAsync(isForced: false).ConfigureAwait(false);
        _running = false;
        Logs.EngineStopped(_logger, _options.HubName);
    }

    private static AzureStorageOrchestrationServiceSettings AzureStorageSettings(DurableEngineOptions options, ILoggerFactory loggerFactory) =>
        new()
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString!),
            TaskHubName = options.HubName,
            // One fixed app name and worker id: a restarted host is recognised as the owner of the
            // leases and takes its partitions back without waiting for them to expire.
            AppName = options.HubName,
            WorkerId = options.WorkerId,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.VisibilityTimeout,
            ControlQueueVisibilityTimeout = options.VisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            // Starting an id that is still running fails loudly (the default drops the request silently).
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory,
        };
}
