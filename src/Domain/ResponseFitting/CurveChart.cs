namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// What the report draws of a fitted channel (MODEL.md section 11, "Report"): each week's adstocked spend and conversions, and the
/// curves at the ends of the 95 % interval of <c>h</c> (θ at its posterior mean, <c>(b, A)</c> by NNLS), which bound the band.
/// Not written to summary.json or Parquet: the weeks are the input, and the band follows from the reported numbers.
/// </summary>
public sealed record CurveChart(IReadOnlyList<double> Adstock, IReadOnlyList<double> Conversions, SteadyCurve Low, SteadyCurve High);

/// <summary><c>b + A (1 - exp(-w / h))</c>: weekly conversions at a steady weekly spend <c>w</c> (adstock equals spend in steady state).</summary>
public sealed record SteadyCurve(double Baseline, double Level, double HalfSaturation)
{
    public double At(double weeklySpend) => Baseline - (Level * double.ExpM1(-weeklySpend / HalfSaturation));
}
