using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Domain.Reporting;

/// <summary>One channel's entry of <c>response_curves</c> (MODEL.md section 11); the fit's numbers are null for an assumed curve.</summary>
public sealed record SummaryResponseCurve(
    string Channel,
    string Status,
    string Reason,
    int Weeks,
    double? AdstockDecay,
    double? HalfSaturationWeekly,
    double Kappa,
    double? KappaLow,
    double? KappaHigh,
    double? BaselineWeekly,
    double? LevelWeekly,
    double? Sse,
    double? R2,
    double? HoldoutSmape,
    double? HoldoutSmapeLinear,
    double? HoldoutSmapeAssumed,
    bool AtBound)
{
    public static SummaryResponseCurve From(ResponseCurveFit fit) => new(
        fit.Channel,
        fit.Status.Text(),
        fit.Reason,
        fit.Weeks,
        fit.AdstockDecay,
        fit.HalfSaturationWeekly,
        fit.Kappa,
        fit.KappaLow,
        fit.KappaHigh,
        fit.BaselineWeekly,
        fit.LevelWeekly,
        fit.Sse,
        fit.R2,
        fit.HoldoutSmape,
        fit.HoldoutSmapeLinear,
        fit.HoldoutSmapeAssumed,
        fit.AtBound);
}
