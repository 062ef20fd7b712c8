using MarkovFunctions.Domain.Counting;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Publishes the run; what the history does not carry is read here, and only here, from the run's work area: the
/// response curves' weekly points, which the report draws, the transitions of transition_matrix.csv, the campaign
/// attribution and the bootstrap's replicate models, on which the recommendation model evaluates plans.
/// </summary>
public sealed class PublishActivity(IRunPublisher publisher, IRunWorkStore work) : TaskActivity<PublishRequest, PublishedRun>
{
    public override async Task<PublishedRun> RunAsync(TaskActivityContext context, PublishRequest input)
    {
        if (input.Partitions.Count > 0)
        {
            // The transitions (n² at dense data) from the extract's partitions, the rest of which is not needed here.
            var partitions = await Task.WhenAll(input.Partitions.Select(async name =>
                await work.GetPartitionAsync(name, PartitionSkips.Groups | PartitionSkips.Histories | PartitionSkips.CustomerSegments | PartitionSkips.Campaigns)));
            var counts = input.Attribution.Counts with { Transitions = JourneyCounts.Sum(partitions).Transitions };
            input = input with { Attribution = input.Attribution with { Counts = counts } };
        }

        return await publisher.PublishAsync(input with
        {
            Curves = await work.CurvesAsync(input.CurvesWork, input.Curves),
            Intervals = await work.IntervalsAsync(input.IntervalsWork, input.Intervals),
            CampaignAttribution = input.Attribution.Campaigns is { } campaigns ? await work.GetCampaignsAsync(campaigns) : null,
        });
    }
}
