namespace MarkovFunctions.Domain.Optimisation;

public enum ShareBound
{
    /// <summary><c>Σ group ≥ share · B</c>.</summary>
    AtLeast,

    /// <summary><c>Σ group ≤ share · B</c>.</summary>
    AtMost,
}
