namespace MarkovFunctions.Domain.Optimisation;

/// <summary>One rule before it is matched to channels; <c>Channels</c> null means the default membership rule of its name.</summary>
public sealed record ShareRule(string Name, IReadOnlyList<string>? Channels, double? MinShare, double? MaxShare);
