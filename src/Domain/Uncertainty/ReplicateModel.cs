namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>One replicate's model: its alpha* and removal weights (in the order of <see cref="IntervalResult.Channels"/>), so a plan can be evaluated later.</summary>
public sealed record ReplicateModel(double Alpha, IReadOnlyList<double> RemovalWeights);
