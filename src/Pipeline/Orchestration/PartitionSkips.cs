namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// What a reader of a partition's counts (<see cref="IRunWorkStore.GetPartitionAsync"/>) has no use for: those
/// parts are skipped as the JSON is read, never built, and come back null (segments: empty). The group counts
/// and order-k histories are most of a partition's bytes at scale.
/// </summary>
[Flags]
public enum PartitionSkips
{
    None = 0,

    /// <summary><see cref="Domain.Counting.JourneyCounts.Groups"/>, the transitions by bootstrap group.</summary>
    Groups = 1,

    /// <summary><see cref="Domain.Counting.JourneyCounts.Histories"/>, the order-k pairs (also each segment's).</summary>
    Histories = 2,

    /// <summary><see cref="Domain.Counting.JourneyCounts.CustomerSegments"/>.</summary>
    CustomerSegments = 4,

    /// <summary><see cref="Domain.Counting.JourneyCounts.Campaigns"/>, the campaign chain's counts.</summary>
    Campaigns = 8,
}
