using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>One channel's saturating curve <c>y(x) = A · (1 - exp(-x / h))</c>, concave for A, h > 0.</summary>
public sealed record SaturatingCurve(string Channel, double A, double H)
{
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

    public double ValueAt(double x) => A == 0 || H == 0 ? 0 : -A * double.ExpM1(-x / H);

    public double SlopeAt(double x) => A == 0 || H == 0 ? 0 : A / H * Math.Exp(-x / H);

    /// <summary>K equal segments between <paramref name="min"/> and <paramref name="max"/>; slopes decrease.</summary>
    public PiecewiseCurve Segment(double min, double max, int count)
    {
        if (max <= min)
        {
            return new PiecewiseCurve(this, min, [], [], 0);
        }

        var length = (max - min) / count;
        var slopes = new double[count];
        var lengths = new double[count];
        var worst = 0d;
        for (var k = 0; k < count; k++)
        {
            var a = min + (k * length);
            var b = k == count - 1 ? max : a + length;
            lengths[k] = b - a;
            slopes[k] = (ValueAt(b) - ValueAt(a)) / lengths[k];
            worst = Math.Max(worst, ChordGap(a, b, slopes[k]));
        }

        return new PiecewiseCurve(this, min, slopes, lengths, worst);
    }

    /// <summary>The largest distance between the curve and its chord on [a, b]: where the curve's slope equals the chord's.</summary>
    private double ChordGap(double a, double b, double chordSlope)
    {
        if (A == 0 || H == 0 || chordSlope <= 0)
        {
            return 0;
        }

        var x = Math.Clamp(H * Math.Log(A / (H * chordSlope)), a, b);
        return Math.Max(0, ValueAt(x) - (ValueAt(a) + (chordSlope * (x - a))));
    }
}
