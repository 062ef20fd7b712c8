using Microsoft.DurableTask;

namespace MarkovFunctions.Hosting;

public enum DurableBackend
{
    /// <summary>Everything in this process: fast, gone when the process ends. For tests and quick local runs.</summary>
    InMemory,

    /// <summary>Queues, tables and blobs of a storage account (Azurite locally): the backend Durable Functions uses.</summary>
    AzureStorage,
}

/// <summary>
/// How the local engine runs. The defaults are the measured local settings (ARCHITECTURE.md,
/// "Hosting"): the Azure Storage backend polls every 0.5 s instead of up to 30 s, and work a dead
/// host had taken becomes visible again after 8 s instead of 5 min, so a new host takes over in
/// about 10 s.
/// </summary>
public sealed record DurableEngineOptions
{
    /// <summary>A storage connection string (Azurite); null or empty runs in memory.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Becomes queue and table names: 3-45 letters and digits, starting with a letter.</summary>
    public string HubName { get; init; } = "MarkovFunctions";

    /// <summary>
    /// Who owns the partition leases. A host restarted with the same id takes its partitions back at
    /// once; a different id waits for the lease to expire (30 s). One local host at a time.
    /// </summary>
    public string WorkerId { get; init; } = "markov-local";

    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Both the work-item and the control-queue visibility timeout: lowering only one does not help takeover.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(8);

    public int PartitionCount { get; init; } = 1;

    public int MaxConcurrentActivities { get; init; } = 8;

    public int MaxConcurrentOrchestrations { get; init; } = 4;

    /// <summary>How often the client polls an instance's status while waiting for it.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Serialises inputs and outputs; the SDK's System.Text.Json converter unless set.</summary>
    public DataConverter? DataConverter { get; init; }

    public DurableBackend Backend =>
        string.IsNullOrWhiteSpace(StorageConnectionString) ? DurableBackend.InMemory : DurableBackend.AzureStorage;

    public void Validate()
    {
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidOperationException($"task hub name must be 3-45 letters or digits starting with a letter, found '{HubName}'");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(WorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        // Activity locks are renewed every 5 s: a shorter visibility would let a live activity's
        // message reappear and run twice.
        ArgumentOutOfRangeException.ThrowIfLessThan(VisibilityTimeout, TimeSpan.FromSeconds(6));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxQueuePollingInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatusPollInterval, TimeSpan.Zero);
    }
}
