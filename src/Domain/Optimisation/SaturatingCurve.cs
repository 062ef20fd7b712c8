using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// One channel's saturating curve <c>y(x) = A · (1 - exp(-x / h))</c>, concave for A, h > 0; or fitted mode's cautious
/// curve (<see cref="Cautious"/>), whose <c>A</c> and <c>H</c> are those of its part above today's spend.
/// </summary>
public sealed record SaturatingCurve(string Channel, double A, double H)
{
    // A cautious curve's part below today's spend (Kink); null for a plain curve.
    private SaturatingCurve? Below { get; init; }

    private double Kink { get; init; }

    /// <summary>
    /// The curve that agrees with the linear model at today's spend: <c>y(current) = g · current</c>; where
    /// current spend is 0, <c>h = κ · max / 2</c> and the slope at 0, <c>A / h</c>, equals <c>g</c>.
    /// </summary>
    public static SaturatingCurve For(ChannelResponse channel, double kappa)
    {
        if (channel.CurrentSpend > 0)
        {
            var h = kappa * channel.CurrentSpend;
            return new SaturatingCurve(channel.Channel, channel.Coefficient * channel.CurrentSpend / -double.ExpM1(-1 / kappa), h);
        }

        var scale = kappa * channel.MaxSpend / 2;
        return scale > 0 ? new SaturatingCurve(channel.Channel, channel.Coefficient * scale, scale) : new SaturatingCurve(channel.Channel, 0, 0);
    }

    /// <summary>
    /// Fitted mode's cautious curve (MODEL.md section 11): at every spend, the lowest of the curves <see cref="For"/> gives for
    /// κ in [<paramref name="kappaLow"/>, <paramref name="kappaHigh"/>]. They all pass through today's point, and rise with κ
    /// above today's spend and fall with it below, so the lowest is the curve at κ_low above today and at κ_high below:
    /// a minimum of concave curves, so concave, with a kink at today's spend.
    /// </summary>
    public static SaturatingCurve Cautious(ChannelResponse channel, double kappaLow, double kappaHigh) =>
        channel.CurrentSpend > 0 && kappaHigh > kappaLow
            ? For(channel, kappaLow) with { Below = For(channel, kappaHigh), Kink = channel.CurrentSpend }
            : For(channel, kappaLow);

    public double ValueAt(double x)
    {
        if (Below is not null && x < Kink)
        {
            return Below.ValueAt(x);
        }

        return A == 0 || H == 0 ? 0 : -A * double.ExpM1(-x / H);
    }

    public double SlopeAt(double x)
    {
        if (Below is not null && x < Kink)
        {
            return Below.SlopeAt(x);
        }

        return A == 0 || H == 0 ? 0 : A / H * Math.Exp(-x / H);
    }

    /// <summary>
    /// K equal segments between <paramref name="min"/> and <paramref name="max"/>; slopes decrease. A cautious curve's kink
    /// inside a segment splits it in two (K + 1 segments), so the LP sees the kink where it is.
    /// </summary>
    public PiecewiseCurve Segment(double min, double max, int count)
    {
        if (max <= min)
        {
            return new PiecewiseCurve(this, min, [], [], 0);
        }

        var length = (max - min) / count;
        var pieces = new List<(double A, double B)>(count + 1);
        for (var k = 0; k < count; k++)
        {
            var a = min + (k * length);
            var b = k == count - 1 ? max : a + length;
            if (Below is not null && a < Kink && Kink < b && Math.Min(Kink - a, b - Kink) > 1e-9 * length)
            {
                pieces.Add((a, Kink));
                pieces.Add((Kink, b));
            }
            else
            {
                pieces.Add((a, b));
            }
        }

        var slopes = new double[pieces.Count];
        var lengths = new double[pieces.Count];
        var worst = 0d;
        for (var k = 0; k < pieces.Count; k++)
        {
            var (a, b) = pieces[k];
            lengths[k] = b - a;
            slopes[k] = (ValueAt(b) - ValueAt(a)) / lengths[k];
            worst = Math.Max(worst, ChordGap(a, b, slopes[k]));
        }

        return new PiecewiseCurve(this, min, slopes, lengths, worst);
    }

    /// <summary>The largest distance between the curve and its chord on [a, b]: where the curve's slope equals the chord's.</summary>
    private double ChordGap(double a, double b, double chordSlope)
    {
        if (Below is not null)
        {
            // Each part's own tangent point on its side of the kink, and the kink itself.
            var gaps = new[] { Below.TangentPoint(chordSlope, a, Math.Min(b, Kink)), TangentPoint(chordSlope, Math.Max(a, Kink), b), Math.Clamp(Kink, a, b) }
                .Select(x => ValueAt(x) - (ValueAt(a) + (chordSlope * (x - a))));
            return Math.Max(0, gaps.Max());
        }

        var point = TangentPoint(chordSlope, a, b);
        return Math.Max(0, ValueAt(point) - (ValueAt(a) + (chordSlope * (point - a))));
    }

    /// <summary>Where this plain curve's slope equals <paramref name="slope"/>, kept within [a, b].</summary>
    private double TangentPoint(double slope, double a, double b) =>
        b <= a || A == 0 || H == 0 || slope <= 0 ? a : Math.Clamp(H * Math.Log(A / (H * slope)), a, b);
}
