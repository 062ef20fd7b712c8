namespace MarkovFunctions.Domain.Counting;

/// <summary>One transition's count in each customer group, in group order.</summary>
public sealed record GroupTransition(string From, string To, long[] Counts);
