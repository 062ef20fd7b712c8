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

    /// <summary>The 95 % interval of κ of each fitted channel, for fitted mode's cautious curves.</summary>
    public IReadOnlyDictionary<string, Optimisation.KappaInterval> FittedKappaIntervals() =>
        Channels.Where(c => c.IsFitted && c.KappaLow is not null && c.KappaHigh is not null)
            .ToDictionary(c => c.Channel, c => new Optimisation.KappaInterval(c.KappaLow!.Value, c.KappaHigh!.Value), StringComparer.Ordinal);
}
