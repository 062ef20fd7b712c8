namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A curve's linear segments from its minimum spend; <c>MaxError</c> is the largest gap to the curve, in conversions.</summary>
public sealed record PiecewiseCurve(SaturatingCurve Curve, double Start, IReadOnlyList<double> Slopes, IReadOnlyList<double> Lengths, double MaxError)
{
    private const double FullTolerance = 1e-9;

    /// <summary>The slope of the segment the next unit of spend would fill (the last one at the maximum).</summary>
    public double MarginalValueAt(double x)
    {
        if (Slopes.Count == 0)
        {
            return Curve.SlopeAt(x);
        }

        var position = Start;
        for (var k = 0; k < Slopes.Count; k++)
        {
            position += Lengths[k];
            if (x < position - (FullTolerance * Math.Max(1, Math.Abs(position))))
            {
                return Slopes[k];
            }
        }

        return Slopes[^1];
    }
}
