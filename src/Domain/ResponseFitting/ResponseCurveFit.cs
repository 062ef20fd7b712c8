namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// One channel's response curve (MODEL.md section 11). For a fitted channel the curve is
/// <c>b + A (1 - exp(-a_t / h))</c> at θ = <see cref="AdstockDecay"/> and h = <see cref="HalfSaturationWeekly"/>;
/// for an assumed one only <see cref="Kappa"/> (the assumed κ) and the reason are set.
/// </summary>
public sealed record ResponseCurveFit(
    string Channel,
    CurveStatus Status,
    string Reason,
    int Weeks,
    double Kappa,
    double? KappaLow = null,
    double? KappaHigh = null,
    double? AdstockDecay = null,
    double? HalfSaturationWeekly = null,
    double? BaselineWeekly = null,
    double? LevelWeekly = null,
    double? Sse = null,
    double? R2 = null,
    bool AtBound = false)
{
    public double? HoldoutSmape { get; init; }

    public double? HoldoutSmapeLinear { get; init; }

    public double? HoldoutSmapeAssumed { get; init; }

    /// <summary>The weeks and band the report draws; null for an assumed curve.</summary>
    public CurveChart? Chart { get; init; }

    public bool IsFitted => Status == CurveStatus.Fitted;

    /// <summary>The fitted curve predicted the held-out weeks worse than the linear rival.</summary>
    public bool LostHoldout => HoldoutSmape is { } fitted && HoldoutSmapeLinear is { } linear && fitted > linear;

    /// <summary>The curve in one line, as the command line prints it (CSV and host mode alike).</summary>
    public string Headline() => IsFitted
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"curve {Channel}: fitted kappa {Kappa:0.00} (95 % {KappaLow:0.00} to {KappaHigh:0.00}), adstock {AdstockDecay:0.00}, holdout SMAPE {HoldoutSmape:0.000} (linear {HoldoutSmapeLinear:0.000})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"curve {Channel}: assumed kappa {Kappa:0.00} ({Reason})");

    /// <summary>The fitted curve's weekly conversions at a steady weekly spend (adstock equals spend in steady state).</summary>
    public double? ValueAtWeekly(double weeklySpend) =>
        BaselineWeekly is { } b && LevelWeekly is { } a && HalfSaturationWeekly is { } h ? new SteadyCurve(b, a, h).At(weeklySpend) : null;
}
