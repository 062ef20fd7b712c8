using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Pipeline.Postgres;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

// Thin activities: each hands its payload to the Domain or to one port, and throws on failure.

public sealed class ExtractPartitionActivity(IJourneySource source) : TaskActivity<ExtractRequest, JourneyCounts>
{
    public override Task<JourneyCounts> RunAsync(TaskActivityContext context, ExtractRequest input) =>
        PostgresFailures.ClassifyAsync(() => source.CountPartitionAsync(input));
}
