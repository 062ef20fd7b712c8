namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// How often a history (the last touches, at most the counted order, oldest first; empty = (start)) was
/// followed by <see cref="Next"/> (a channel, (conversion) or (null)), per count slot (a customer group or fold).
/// </summary>
public sealed record HistoryTransition(IReadOnlyList<string> History, string Next, long[] Counts)
{
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in Counts)
            {
                total += count;
            }

            return total;
        }
    }
}
