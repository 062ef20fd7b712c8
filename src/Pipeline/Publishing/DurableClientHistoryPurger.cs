using Microsoft.DurableTask.Client;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Purges through the SDK client that both hosts have.</summary>
public sealed class DurableClientHistoryPurger(DurableTaskClient client) : IHistoryPurger
{
    public async Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        var filter = new PurgeInstancesFilter(
            CreatedFrom: null,
            CreatedTo: cutoff,
            Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]);
        var result = await client.PurgeAllInstancesAsync(filter, ct);
        return result.PurgedInstanceCount;
    }
}
