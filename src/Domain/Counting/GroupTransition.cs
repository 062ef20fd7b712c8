namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// One transition's counts in the customer groups where it was seen: <see cref="Groups"/> ascending,
/// <see cref="Counts"/> alongside (none zero), so a payload holds only what the data has.
/// </summary>
public sealed record GroupTransition(string From, string To, int[] Groups, long[] Counts)
{
    /// <summary>Σ_g weights[g] · count_g over the groups that saw this transition.</summary>
    public long Weighted(IReadOnlyList<int> weights) => SlotCounts.Weighted(Groups, Counts, weights);
}
