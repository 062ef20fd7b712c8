using MarkovFunctions.Domain.Counting;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class PublishActivity(IRunPublisher publisher, IRunWorkStore work) : TaskActivity<PublishRequest, PublishedRun>
{
    public override async Task<PublishedRun> RunAsync(TaskActivityContext context, PublishRequest input)
    {
        if (input.Partitions.Count > 0)
        {
            // The transitions of transition_matrix.csv (n² at dense data) never travel in the history: read from the
            // extract's partitions, the rest of which is not needed here.
            var partitions = await Task.WhenAll(input.Partitions.Select(async name =>
                await work.GetPartitionAsync(name) with { Groups = null, Histories = null, CustomerSegments = [], Campaigns = null }));
            var counts = input.Attribution.Counts with { Transitions = JourneyCounts.Sum(partitions).Transitions };
            input = input with { Attribution = input.Attribution with { Counts = counts } };
        }

        return await publisher.PublishAsync(input);
    }
}
