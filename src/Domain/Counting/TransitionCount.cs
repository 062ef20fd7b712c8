namespace MarkovFunctions.Domain.Counting;

/// <summary>How often the chain moved from one state to another.</summary>
public sealed record TransitionCount(string From, string To, long Count);
