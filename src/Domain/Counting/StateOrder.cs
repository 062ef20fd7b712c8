using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>States in the order of the transition matrix: (start), channels by ordinal name, (conversion), (null).</summary>
public static class StateOrder
{
    public static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    private static int Rank(string state) => state switch
    {
        States.Start => 0,
        States.Conversion => 2,
        States.Null => 3,
        _ => 1,
    };

    private static int Compare(string? a, string? b)
    {
        var byRank = Rank(a!).CompareTo(Rank(b!));
        return byRank != 0 ? byRank : string.CompareOrdinal(a, b);
    }
}
