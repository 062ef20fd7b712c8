namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// How often a history (the last touches, at most the counted order, oldest first; empty = (start)) was
/// followed by <see cref="Next"/> (a channel, (conversion) or (null)), in the count slots (customer groups
/// or folds) that saw it: <see cref="Slots"/> ascending, <see cref="Counts"/> alongside (none zero), as in
/// <see cref="GroupTransition"/>.
/// </summary>
public sealed record HistoryTransition(IReadOnlyList<string> History, string Next, int[] Slots, long[] Counts)
{
    public long Total => SlotCounts.Weighted(Slots, Counts, null);

    /// <summary>Σ_s weights[s] · count_s over the slots that saw this pair; null weights add them all.</summary>
    public long Weighted(IReadOnlyList<int>? weights) => SlotCounts.Weighted(Slots, Counts, weights);
}
