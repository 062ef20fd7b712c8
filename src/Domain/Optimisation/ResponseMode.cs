namespace MarkovFunctions.Domain.Optimisation;

public enum ResponseMode
{
    /// <summary>Conversions grow in proportion to spend (MODEL.md section 5).</summary>
    Linear,

    /// <summary>Diminishing returns: <c>y(x) = A · (1 - exp(-x / h))</c>, solved over piecewise-linear segments.</summary>
    Saturating,

    /// <summary>The saturating curves with each fitted channel's κ learned from its weekly history (MODEL.md section 11).</summary>
    Fitted,
}
