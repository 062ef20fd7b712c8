using System.Text;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.HtmlReport;

/// <summary>The report's section on the curves fitted from the weekly spend history (MODEL.md section 11).</summary>
public static partial class RunReport
{
    // Inline styles: the page's stylesheet is shared with runs without history, whose report must not change by a byte.
    private const string LostStyle = "background:#fff1f0";

    private static string ResponseCurveSection(RunSummary summary, IReadOnlyList<SummaryResponseCurve> rows, IReadOnlyList<ResponseCurveFit> fits)
    {
        var page = new StringBuilder("<section id=\"response-curves\"><h2>Response curves from the spend history</h2>");
        var used = summary.ResponseMode == ResponseMode.Fitted.Text()
            ? "The budgets above are planned on these curves (response mode fitted), cautiously: above today's spend on the curve at the low end of kappa's 95 % interval, below it at the high end, so money moves only as far as every curve of the band agrees."
            : $"The budgets above are planned in response mode {summary.ResponseMode}, not on these curves; --response fitted plans on them.";
        page.Append($"<p>Each channel's curve is learned from its weekly spend and conversions (adstock, then saturation; the last 104 weeks at most). kappa is the half-saturation scale in multiples of today's weekly spend, with its 95 % interval. The last {ResponseCurveFitter.HoldoutWeeks} weeks are also predicted from a fit without them, beside a straight line and the assumed curve fitted on the same weeks: lower SMAPE predicts better. {E(used)}</p>");

        page.Append("<table id=\"curve-holdout\"><thead><tr><th>Channel</th><th>Curve</th><th>Why</th><th>kappa (95 %)</th><th>Adstock decay</th><th>R²</th><th>Held-out SMAPE: curve</th><th>straight line</th><th>assumed kappa</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var lost = row.HoldoutSmape is { } f && row.HoldoutSmapeLinear is { } l && f > l;
            page.Append(lost ? $"<tr class=\"lost\" style=\"{LostStyle}\">" : "<tr>")
                .Append($"<td>{E(row.Channel)}</td><td>{E(row.Status)}{(row.AtBound ? " (at the box's edge)" : string.Empty)}</td><td>{E(row.Reason)}</td>")
                .Append($"<td>{Fmt(row.Kappa, "0.00")}{(row.KappaLow is { } lo && row.KappaHigh is { } hi ? $" ({Fmt(lo, "0.00")} to {Fmt(hi, "0.00")})" : string.Empty)}</td>")
                .Append($"<td>{Opt(row.AdstockDecay, "0.00")}</td><td>{Opt(row.R2, "0.00")}</td>")
                .Append($"<td>{Opt(row.HoldoutSmape, "0.000")}{(lost ? " ✘ worse than a straight line" : string.Empty)}</td><td>{Opt(row.HoldoutSmapeLinear, "0.000")}</td><td>{Opt(row.HoldoutSmapeAssumed, "0.000")}</td></tr>");
        }

        page.Append("</tbody>");
        if (summary.ResponseCurvesHoldout is { } pooled)
        {
            page.Append($"<tfoot><tr><th colspan=\"6\">Pooled over the fitted channels ({Fmt(pooled.Weeks, "#,0")} held-out weeks)</th><th>{Fmt(pooled.Fitted, "0.000")}</th><th>{Fmt(pooled.Linear, "0.000")}</th><th>{Fmt(pooled.Assumed, "0.000")}</th></tr></tfoot>");
        }

        page.Append("</table>");

        var feasible = summary.Budgets.Where(b => b.Status == SolveStatus.Optimal).ToArray();
        var charts = fits.Where(f => f.Chart is not null).ToArray();
        if (charts.Length > 0)
        {
            page.Append("<p>Points: each week's conversions against its adstocked spend. Line: the fitted curve in steady spend; band: the curves at the ends of the 95 % interval of the half-saturation scale. Dashed: today's weekly spend; dotted: the spend each budget recommends, per week.</p>");
            page.Append("<div class=\"curves\" style=\"display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:8px\">");
            foreach (var fit in charts)
            {
                var allocation = feasible.Select(b => (b.Budget, Channel: b.Channels.FirstOrDefault(c => c.Channel == fit.Channel))).Where(p => p.Channel is not null).ToArray();
                var current = summary.Budgets.SelectMany(b => b.Channels).FirstOrDefault(c => c.Channel == fit.Channel)?.CurrentSpend ?? 0;
                var svg = ReportCharts.ResponseCurve(
                    fit,
                    fit.Chart!,
                    current / ResponseCurveFitter.WeeksPerMonth,
                    allocation.Select(p => (p.Budget, p.Channel!.OptimalSpend / ResponseCurveFitter.WeeksPerMonth)).ToArray());
                page.Append($"<figure class=\"chart\">{svg.Replace("<svg ", $"<svg viewBox=\"0 0 {ReportCharts.CurveWidth} {ReportCharts.CurveHeight}\" preserveAspectRatio=\"xMidYMid meet\" ", StringComparison.Ordinal)}</figure>");
            }

            page.Append("</div>");
        }

        return page.Append("</section>").ToString();
    }

    private static string Opt(double? value, string format) => value is { } v ? Fmt(v, format) : "–";
}
