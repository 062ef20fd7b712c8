using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

// Thin activities: each hands its payload to the Domain or to one port, and throws on failure.

/// <summary>Counts one customer partition and leaves the counts in the run's work area: they are too large for the durable history.</summary>
public sealed class ExtractPartitionActivity(IJourneySource source, IRunWorkStore work) : TaskActivity<ExtractRequest, ExtractedPartition>
{
    public override async Task<ExtractedPartition> RunAsync(TaskActivityContext context, ExtractRequest input)
    {
        var counts = await source.CountPartitionAsync(input);
        return new ExtractedPartition(await work.PutPartitionAsync(input.RunId, input.Partition, counts));
    }
}
