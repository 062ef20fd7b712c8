namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>Every channel's curve, the pooled holdout, and (with intervals) each replicate's κ drawn from the posteriors.</summary>
public sealed record ResponseCurves(
    IReadOnlyList<ResponseCurveFit> Channels,
    HoldoutScore? Holdout,
    int Rows,
    int Weeks,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Replicate b's κ per fitted channel, drawn from each posterior (empty without intervals).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Draws { get; init; } = [];

    /// <summary>κ of each fitted channel, for the saturating LP of fitted mode.</summary>
    public IReadOnlyDictionary<string, double> FittedKappas() =>
        Channels.Where(c => c.IsFitted).ToDictionary(c => c.Channel, c => c.Kappa, StringComparer.Ordinal);
}
