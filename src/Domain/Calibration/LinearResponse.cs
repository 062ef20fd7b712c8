namespace MarkovFunctions.Domain.Calibration;

/// <summary>
/// The linear response of MODEL.md section 4 at one alpha: <c>predicted_c(x) = s · (x / 1000) · rate_c · opt_weight_c</c>.
/// </summary>
public sealed record LinearResponse(double Alpha, double Scale, IReadOnlyList<ChannelResponse> Channels)
{
    public double PredictedAt(IReadOnlyList<double> spends) => Channels.Select((c, i) => c.Coefficient * spends[i]).Sum();
}
