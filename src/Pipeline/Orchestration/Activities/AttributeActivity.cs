using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class AttributeActivity(IRunWorkStore work) : TaskActivity<AttributeRequest, AttributeResponse>
{
    public override async Task<AttributeResponse> RunAsync(TaskActivityContext context, AttributeRequest input)
    {
        // The group counts are the bootstrap's: dropped as each partition is read, not summed here.
        var partitions = await Task.WhenAll(input.Partitions.Select(async name => await work.GetPartitionAsync(name, PartitionSkips.Groups)));
        var counts = JourneyCounts.Sum(partitions);
        var response = Run(counts, input);

        // The campaign table grows with the campaigns (thousands): the history carries its name in the work area only.
        var warnings = new List<string>();
        return MarkovEngine.Steps.AttributeCampaigns(counts, warnings) is { } campaigns
            ? response with { Warnings = [.. response.Warnings, .. warnings], Campaigns = await work.PutCampaignsAsync(input.RunId, campaigns) }
            : response;
    }

    /// <param name="counts">The partitions' counts, summed.</param>
    public static AttributeResponse Run(JourneyCounts counts, AttributeRequest input)
    {
        // Each extract partition refused only the channels it saw: the run's limits hold for their sum.
        ChannelRegistry.RequireWithinLimit(counts.Channels, input.Order);
        if (counts.Campaigns is { } campaigns)
        {
            CampaignRegistry.RequireWithinLimit(campaigns.Channels);
        }

        var performance = ChannelPerformanceTable.Create(input.Performance);
        var warnings = new List<string>();
        var constraints = MarkovEngine.Steps.ResolveConstraints(performance, input.Constraints, warnings);
        var (order, selection) = MarkovEngine.Steps.Order(counts, input.Order);
        var attribution = MarkovEngine.Steps.Attribute(counts, performance, warnings, order);
        var customerSegments = MarkovEngine.Steps.AttributeCustomerSegments(counts, warnings, order);

        // The per-segment counts stay here: the history carries their attribution only, a few numbers per channel.
        // So do the (history, next) counts: the bootstrap takes them from the extract, as it does the groups. So do
        // the transitions (one per observed pair: n² at dense data): the publish reads them from the extract too.
        return new AttributeResponse(counts with { CustomerSegments = [], Histories = null, Campaigns = null, Transitions = [] }, attribution, constraints, warnings, MarkovEngine.Steps.DataChecks(counts, performance))
        {
            CustomerSegments = customerSegments,
            OrderSelection = selection,
        };
    }
}
