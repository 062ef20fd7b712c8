namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Keys of the sparse tallies, <c>from &lt;&lt; 32 | to</c>, hashed by a multiplicative mix: the default
/// hash of a long (its halves XOR-ed) sends every key with small from and to into a few thousand buckets.
/// </summary>
internal sealed class TransitionKey : IEqualityComparer<long>
{
    public static readonly TransitionKey Comparer = new();

    public static long Of(int from, int to) => ((long)from << 32) | (uint)to;

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
}
