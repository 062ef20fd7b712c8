namespace MarkovFunctions.Domain.Optimisation;

public enum ResponseMode
{
    /// <summary>Conversions grow in proportion to spend (MODEL.md section 5).</summary>
    Linear,

    /// <summary>Diminishing returns: <c>y(x) = A · (1 - exp(-x / h))</c>, solved over piecewise-linear segments.</summary>
    Saturating,
}
