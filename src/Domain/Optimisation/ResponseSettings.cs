using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// How each channel responds to spend. In saturating mode <c>h_c = κ_c · current_spend_c</c> (or
/// <c>κ_c · max_spend_c / 2</c> where current spend is 0) and <c>K</c> segments approximate each curve.
/// </summary>
public sealed record ResponseSettings(
    ResponseMode Mode = ResponseMode.Linear,
    double Kappa = 1,
    IReadOnlyDictionary<string, double>? KappaOverrides = null,
    int Segments = 16)
{
    public static ResponseSettings Linear { get; } = new();

    /// <summary>The most channels Run__KappaOverrides and --kappa-overrides may name.</summary>
    public const int MaxKappaOverrides = 1_000;

    /// <summary>
    /// In fitted mode, each fitted channel's κ (posterior median, or replicate b's draw), by normalised name; it
    /// comes before the overrides, which stay the assumed κ of the channels that could not be fitted. The run's own
    /// plan uses <see cref="FittedKappaIntervals"/> where present; a replicate plans on its draw.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? FittedKappas { get; init; }

    /// <summary>In fitted mode, each fitted channel's 95 % interval of κ; the LP then plans on the cautious curve (MODEL.md section 11).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, KappaInterval>? FittedKappaIntervals { get; init; }

    /// <summary>
    /// The curve a channel's LP and plan use: in fitted mode with its κ interval, the cautious curve of that interval;
    /// otherwise the curve at <see cref="KappaFor"/>.
    /// </summary>
    public SaturatingCurve CurveFor(Calibration.ChannelResponse channel) =>
        FittedKappaIntervals is not null && FittedKappaIntervals.TryGetValue(channel.Channel, out var interval)
            ? SaturatingCurve.Cautious(channel, interval.Low, interval.High)
            : SaturatingCurve.For(channel, KappaFor(channel.Channel));

    /// <summary>The chords channel <paramref name="channel"/>'s LP uses: its curve in <see cref="Segments"/> equal pieces from its minimum to its maximum, at most <see cref="RunLimits.PiecesPerChannel"/>.</summary>
    public PiecewiseCurve PiecesFor(Calibration.ChannelResponse channel) => CurveFor(channel).Segment(channel.MinSpend, channel.MaxSpend, Segments);

    public double KappaFor(string channel)
    {
        if (FittedKappas is not null && FittedKappas.TryGetValue(channel, out var fitted))
        {
            return fitted;
        }

        if (KappaOverrides is null)
        {
            return Kappa;
        }

        foreach (var (name, kappa) in KappaOverrides)
        {
            if (ChannelName.Normalize(name) == channel)
            {
                return kappa;
            }
        }

        return Kappa;
    }

    public void Validate()
    {
        if (!(Kappa > 0) || !double.IsFinite(Kappa))
        {
            throw new ConfigurationException($"response kappa {Kappa} must be a positive number");
        }

        if (KappaOverrides?.Count > MaxKappaOverrides)
        {
            throw new ConfigurationException($"response kappa overrides name {KappaOverrides.Count:N0} channels; at most {MaxKappaOverrides:N0} are accepted");
        }

        foreach (var (name, kappa) in KappaOverrides ?? new Dictionary<string, double>())
        {
            if (!(kappa > 0) || !double.IsFinite(kappa))
            {
                throw new ConfigurationException($"response kappa for '{name}' is {kappa}; it must be a positive number");
            }
        }

        // The upper bound is a work limit, checked with the others in RunLimits.
        if (Segments < 1)
        {
            throw new ConfigurationException($"segments: {Segments} must be 1 or more");
        }
    }
}
