using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.HtmlReport;

/// <summary>
/// <c>report.html</c>: one self-contained page (no script, font or network request) that a marketing
/// lead can open from blob storage or disk. Every number a reader needs is text in the page; the
/// charts (inline SVG) illustrate them.
/// </summary>
public static partial class RunReport
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <param name="curves">The fitted curves with their weeks (MODEL.md section 11); null without a spend history, and the report is as before.</param>
    /// <param name="campaigns">The campaign chain's attribution (MODEL.md section 10); null without a campaign column, and the report is as before.</param>
    public static string Render(RunSummary summary, ReportMetadata metadata, IReadOnlyList<ResponseCurveFit>? curves = null, Domain.Attribution.CampaignAttribution? campaigns = null)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>Budget recommendation {E(metadata.RunId)}</title><style>{Css}</style></head><body><main>");

        AppendHeader(page, summary, metadata);

        AppendAlerts(page, summary);

        AppendBudgets(page, summary);

        AppendAllocations(page, summary);

        page.Append("<section><h2>Predicted conversions and uplift</h2>").Append(Figure(ReportCharts.ConversionsByBudget(summary))).Append("</section>");

        AppendRuleCosts(page, summary);

        page.Append("<section><h2>Sensitivity to alpha</h2>").Append(HeatMap(summary)).Append("</section>");
        page.Append("<section><h2>Attribution by model</h2>").Append(Figure(ReportCharts.AttributionByModel(summary))).Append(AttributionTable(summary)).Append("</section>");
        AppendOrder(page, summary);

        if (summary.CustomerSegments is { } segments)
        {
            page.Append("<section id=\"customer-segments\"><h2>Attribution by customer segment</h2>")
                .Append("<p>Each segment's journeys attributed on their own: where a channel's weight in a segment stands above its weight over all customers, it drives that segment more than the others.</p>")
                .Append(CustomerSegmentTables(summary, segments))
                .Append(Figure(ReportCharts.WeightsByCustomerSegment(summary, segments)))
                .Append("</section>");
        }

        if (campaigns is not null)
        {
            page.Append(CampaignSection(campaigns));
        }

        if (summary.ResponseCurves is { } fitted)
        {
            page.Append(ResponseCurveSection(summary, fitted, curves ?? []));
        }

        page.Append("<section><h2>Calibration</h2>").Append(Figure(ReportCharts.Calibration(summary)))
            .Append($"<p>alpha* = {Fmt(summary.AlphaBest, "0.00")} has the smallest SMAPE, {Fmt(summary.SmapeBest, "0.000")}.</p></section>");

        AppendChecksAndFooter(page, summary, metadata);

        page.Append("</main></body></html>");
        return StableClipIds(page.ToString());
    }

    /// <summary>The title and the headline cards.</summary>
    private static void AppendHeader(StringBuilder page, RunSummary summary, ReportMetadata metadata)
    {
        page.Append($"<header><h1>Budget recommendation</h1><p class=\"sub\">Run {E(metadata.RunId)} · {metadata.StartedUtc:yyyy-MM-dd HH:mm} UTC · {E(metadata.Trigger)}</p>");
        page.Append("<div class=\"cards\">")
            .Append(Card("alpha*", Fmt(summary.AlphaBest, "0.00"), "share of Markov credit in the blend", "alpha-best"))
            .Append(Card("SMAPE", Fmt(summary.SmapeBest, "0.000"), "fit to the platforms' numbers (lower is better)", "smape-best"))
            .Append(Card("Converted journeys", Fmt(summary.ConvertedJourneys, "#,0"), $"of {Fmt(summary.Journeys, "#,0")} journeys ({Fmt(summary.BaselineConversion, "0.0%")})", "converted"))
            .Append(Card("Response", summary.ResponseMode, summary.ResponseMode == ResponseMode.Linear.Text() ? "constant returns per unit of spend" : "diminishing returns (saturating curves)", "response"))
            .Append("</div></header>");
    }

    /// <summary>The run's alerts, when it has any.</summary>
    private static void AppendAlerts(StringBuilder page, RunSummary summary)
    {
        if (summary.Alerts.Count > 0)
        {
            page.Append("<section class=\"alerts\"><h2>Alerts</h2><ul>");
            foreach (var alert in summary.Alerts)
            {
                page.Append($"<li>{E(alert)}</li>");
            }

            page.Append("</ul></section>");
        }
    }

    /// <summary>One row per budget, how robust each is, and under a goal what it reaches.</summary>
    private static void AppendBudgets(StringBuilder page, RunSummary summary)
    {
        page.Append($"<section><h2>Recommendation by budget</h2><table id=\"budgets\"><thead><tr><th>Budget</th><th>Status</th><th>Predicted conversions</th><th>Today's mix</th><th>Uplift</th><th>Next 1,000 spent is worth</th><th>Binding rules</th>{Header(summary, "95 % intervals")}</tr></thead><tbody>");
        foreach (var budget in summary.Budgets)
        {
            if (budget.Status != SolveStatus.Optimal)
            {
                page.Append($"<tr class=\"infeasible\" data-budget=\"{Fmt(budget.Budget, "0.##")}\"><td>{Fmt(budget.Budget, "#,0")}</td><td class=\"status\">{E(budget.Status.Text())}</td><td colspan=\"{(summary.Uncertainty is null ? 5 : 6)}\">{E(string.Join("; ", budget.Reasons))}</td></tr>");
                continue;
            }

            var binding = budget.Constraints.Where(c => c.Binding).Select(c => c.Name).ToArray();
            page.Append($"<tr data-budget=\"{Fmt(budget.Budget, "0.##")}\"><td>{Fmt(budget.Budget, "#,0")}</td><td class=\"status\">Optimal</td>")
                .Append($"<td class=\"predicted\">{Fmt(budget.PredictedConversions!.Value, "#,0.0")}</td><td>{Fmt(budget.PredictedCurrent, "#,0.0")}</td>")
                .Append($"<td class=\"uplift\">{Fmt(budget.Uplift!.Value, "+0.0%;-0.0%;0.0%")}</td><td>{Fmt(budget.BudgetMarginalValue!.Value * 1000, "#,0.00")} conversions</td>")
                .Append($"<td>{(binding.Length == 0 ? "none" : E(string.Join(", ", binding)))}</td>")
                .Append(Cell(summary, $"conversions {Range(budget.PredictedConversionsLow, budget.PredictedConversionsHigh, "#,0.0")}, uplift {Range(budget.UpliftLow, budget.UpliftHigh, "+0.0%;-0.0%;0.0%")}"))
                .Append("</tr>");
        }

        page.Append("</tbody></table>");
        if (summary.Uncertainty is { } uncertainty)
        {
            page.Append($"<p class=\"robustness-method\">Ranges are 95 % intervals from {Fmt(uncertainty.Replicates, "#,0")} bootstrap replicates over customers (each re-runs attribution, calibration and the LP).</p><ul class=\"robustness\">");
            foreach (var budget in summary.Budgets.Where(b => b.BeatsCurrentShare is not null))
            {
                page.Append($"<li data-budget=\"{Fmt(budget.Budget, "0.##")}\">{E(Robustness(budget, uncertainty.Replicates))}</li>");
            }

            page.Append("</ul>");
        }

        // Under a goal other than conversions only, so the default report keeps its bytes.
        var goals = summary.Budgets.Select(b => (b.Budget, Text: GoalParagraph.For(b))).Where(g => g.Text is not null).ToArray();
        if (goals.Length > 0)
        {
            page.Append("<div id=\"goals\">");
            foreach (var (budget, text) in goals)
            {
                page.Append($"<p class=\"goal\" data-budget=\"{Fmt(budget, "0.##")}\">{E(text!)}</p>");
            }

            page.Append("</div>");
        }

        page.Append("</section>");
    }

    /// <summary>Each solved budget's spend by channel.</summary>
    private static void AppendAllocations(StringBuilder page, RunSummary summary)
    {
        page.Append("<section><h2>Where the money goes</h2>").Append(Figure(ReportCharts.SpendByChannel(summary)));
        foreach (var budget in summary.Budgets.Where(b => b.Status == SolveStatus.Optimal))
        {
            var explained = budget.Channels.Any(c => c.Reason is not null);
            page.Append($"<h3>Budget {Fmt(budget.Budget, "#,0")}</h3><table class=\"allocation\" data-budget=\"{Fmt(budget.Budget, "0.##")}\"><thead><tr><th>Channel</th><th>Current spend</th><th>Optimal spend</th><th>Change</th><th>Predicted conversions</th><th>Conversions per 1,000</th><th>At a bound</th>{Header(summary, "Optimal spend, 95 %")}{(explained ? "<th>Why</th>" : string.Empty)}</tr></thead><tbody>");
            foreach (var channel in budget.Channels)
            {
                var bound = channel.AtMin ? "minimum" : channel.AtMax ? "maximum" : string.Empty;
                page.Append($"<tr><td class=\"channel\">{E(channel.Channel)}</td><td>{Fmt(channel.CurrentSpend, "#,0")}</td><td class=\"optimal\">{Fmt(channel.OptimalSpend, "#,0")}</td>")
                    .Append($"<td>{(channel.SpendChangePct is { } change ? Fmt(change, "+0%;-0%;0%") : "new")}</td><td>{Fmt(channel.PredictedConversions, "#,0.0")}</td>")
                    .Append($"<td>{Fmt(channel.MarginalValue * 1000, "#,0.00")}</td><td>{bound}</td>{Cell(summary, Range(channel.OptimalSpendLow, channel.OptimalSpendHigh, "#,0"))}")
                    .Append(explained ? $"<td class=\"why\" style=\"text-align:left\">{E(channel.Reason?.Text ?? string.Empty)}</td>" : string.Empty).Append("</tr>");
            }

            page.Append("</tbody></table>");
        }

        page.Append("</section>");
    }

    /// <summary>What each binding share rule costs, in the goal's units per 1,000 of the budget (or, where spend may stop short of it, of the spend) it governs.</summary>
    private static void AppendRuleCosts(StringBuilder page, RunSummary summary)
    {
        page.Append("<section><h2>What the rules cost</h2>");
        var rules = summary.Budgets.Where(b => b.Status == SolveStatus.Optimal).SelectMany(b => b.Constraints.Where(c => c.Binding).Select(c => (b.Budget, b.Goal, c))).ToArray();
        if (rules.Length == 0)
        {
            page.Append("<p>No share rule binds at any budget: the rules cost nothing.</p>");
        }
        else
        {
            page.Append("<ul>");
            foreach (var (budget, goalText, rule) in rules)
            {
                var kind = rule.Bound == ShareBoundText.MinShare ? "floor" : "cap";
                var per1000 = Math.Abs(rule.Dual) * 1000;
                var goal = goalText is null ? Goal.Conversions : GoalText.Parse(goalText, "goal");
                var governed = goal.CapsSpend() ? "spend" : "budget";
                page.Append($"<li>At budget {Fmt(budget, "#,0")}, the {E(rule.Name)} {kind} ({Fmt(rule.Share, "0%")} of {goal.ShareOf()}) costs {Fmt(per1000, "#,0.00")} {GoalMeasure.Unit(goal)} per 1,000 of {governed} it governs.</li>");
            }

            page.Append("</ul>");
        }

        page.Append("</section>");
    }

    /// <summary>The chain's order: chosen on held-out customers, or fixed (nothing at order 1).</summary>
    private static void AppendOrder(StringBuilder page, RunSummary summary)
    {
        if (summary.OrderSelection is { } orders)
        {
            page.Append("<section id=\"order-selection\"><h2>Order of the chain</h2>")
                .Append($"<p>Order {summary.MarkovOrder} was chosen on held-out customers: the shortest memory whose loss is within one standard error of the best (MODEL.md section 13).</p>")
                .Append("<table class=\"orders\"><thead><tr><th>Order</th><th>Held-out loss per journey</th><th>Standard error</th><th>States</th></tr></thead><tbody>");
            foreach (var o in orders)
            {
                page.Append($"<tr><td>{o.Order}{(o.Order == summary.MarkovOrder ? " (chosen)" : "")}</td><td>{Fmt(o.HoldoutLoss, "0.0000")}</td><td>{Fmt(o.StandardError, "0.0000")}</td><td>{Fmt(o.States, "#,0")}</td></tr>");
            }

            page.Append("</tbody></table></section>");
        }
        else if (summary.MarkovOrder is { } fixedOrder)
        {
            page.Append($"<section id=\"order-selection\"><h2>Order of the chain</h2><p>Order {fixedOrder}: a state is the last {fixedOrder} touches (MODEL.md section 12).</p></section>");
        }
    }

    /// <summary>The data checks and warnings, then the footer.</summary>
    private static void AppendChecksAndFooter(StringBuilder page, RunSummary summary, ReportMetadata metadata)
    {
        page.Append("<section><h2>Data checks</h2><ul class=\"checks\">");
        foreach (var check in metadata.DataChecks)
        {
            page.Append($"<li class=\"{(check.Passed ? "pass" : "fail")}\">{(check.Passed ? "✔" : "✘")} {E(check.Name.Replace('_', ' '))}: {E(check.Detail)}</li>");
        }

        foreach (var warning in summary.Warnings)
        {
            page.Append($"<li class=\"warn\">⚠ {E(warning)}</li>");
        }

        page.Append("</ul></section>");
        page.Append($"<footer>Run {E(metadata.RunId)} · started {metadata.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC · finished {metadata.FinishedUtc:yyyy-MM-dd HH:mm:ss} UTC · code {E(metadata.GitSha)} · {Fmt(summary.Rows, "#,0")} journey rows · MarkovFunctions</footer>");
    }

    /// <summary>
    /// ScottPlot numbers its clip paths from a counter global to the process, so the same run drawn
    /// twice would get other ids: renumber them in order of appearance, so a retried publish writes
    /// the same bytes.
    /// </summary>
    private static string StableClipIds(string html)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(html, match =>
        {
            if (!ids.TryGetValue(match.Value, out var stable))
            {
                stable = "cl_" + ids.Count.ToString(Culture);
                ids.Add(match.Value, stable);
            }

            return stable;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=id=""|url\(#)cl_[0-9a-f]+(?=["")])")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    private static string HeatMap(RunSummary summary)
    {
        var budgets = summary.Budgets.Select(b => b.Budget).ToArray();
        var values = summary.Sweep.Where(p => p.PredictedConversions is not null).Select(p => p.PredictedConversions!.Value).ToArray();
        var (low, high) = values.Length == 0 ? (0d, 1d) : (values.Min(), values.Max());
        var table = new StringBuilder("<table class=\"heat\"><caption>Predicted conversions at the optimum for each alpha (rows) and budget (columns); darker is more. Legend: ")
            .Append($"<span class=\"swatch\" style=\"background:{Shade(0)}\"></span> {Fmt(low, "#,0")} to <span class=\"swatch\" style=\"background:{Shade(1)}\"></span> {Fmt(high, "#,0")}; blank: infeasible.</caption>")
            .Append("<thead><tr><th>alpha \\ budget</th>");
        foreach (var budget in budgets)
        {
            table.Append($"<th>{Fmt(budget, "#,0")}</th>");
        }

        table.Append("</tr></thead><tbody>");
        foreach (var row in summary.Sweep.GroupBy(p => p.Alpha))
        {
            var marker = Math.Abs(row.Key - summary.AlphaBest) < 1e-12 ? " class=\"best\"" : string.Empty;
            table.Append($"<tr{marker}><th>{Fmt(row.Key, "0.00")}{(marker.Length > 0 ? " (alpha*)" : string.Empty)}</th>");
            foreach (var point in row)
            {
                if (point.PredictedConversions is not { } value)
                {
                    table.Append("<td class=\"none\">infeasible</td>");
                    continue;
                }

                var t = high > low ? (value - low) / (high - low) : 0.5;
                table.Append($"<td style=\"background:{Shade(t)};color:{(t > 0.55 ? "#fff" : "#111")}\">{Fmt(value, "#,0")}</td>");
            }

            table.Append("</tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    private static string AttributionTable(RunSummary summary)
    {
        var table = new StringBuilder($"<table class=\"attribution\"><thead><tr><th>Channel</th><th>Markov</th><th>Removal effect</th><th>First touch</th><th>Last touch</th><th>Linear</th><th>Position-based</th><th>Time decay</th><th>Shapley</th>{Header(summary, "Markov, 95 %")}</tr></thead><tbody>");
        foreach (var c in summary.Channels)
        {
            table.Append($"<tr><td>{E(c.Channel)}</td><td>{Fmt(c.AttributedConversions, "#,0.0")}</td><td>{Fmt(c.RemovalEffect, "0.0%")}</td><td>{Fmt(c.FirstTouch, "#,0.0")}</td><td>{Fmt(c.LastTouch, "#,0.0")}</td><td>{Fmt(c.Linear, "#,0.0")}</td><td>{Fmt(c.PositionBased, "#,0.0")}</td><td>{Fmt(c.TimeDecay, "#,0.0")}</td><td>{Fmt(c.Shapley, "#,0.0")}</td>{Cell(summary, Range(c.AttributedConversionsLow, c.AttributedConversionsHigh, "#,0.0"))}</tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    /// <summary>
    /// How robust a budget's recommendation is: the share of replicates in which it beats today's mix,
    /// and whether the uplift's interval stays above 0.
    /// </summary>
    public static string Robustness(SummaryBudget budget, int replicates)
    {
        var share = budget.BeatsCurrentShare!.Value;
        var verdict = share >= 0.95 && budget.UpliftLow > 0
            ? "robust: it beats today's mix in nearly every resample of the customers"
            : share >= 0.8
                ? "fairly robust: it usually beats today's mix, but a different sample of customers could make the gain small"
                : "not robust: the data cannot tell it apart from today's mix";
        var uplift = budget.UpliftLow is { } low && budget.UpliftHigh is { } high
            ? $", uplift {Fmt(budget.Uplift ?? 0, "+0.0%;-0.0%;0.0%")} (95 %: {Fmt(low, "+0.0%;-0.0%;0.0%")} to {Fmt(high, "+0.0%;-0.0%;0.0%")})"
            : string.Empty;
        return $"Budget {Fmt(budget.Budget, "#,0")}: the recommended plan predicts more than today's mix in {Fmt(share, "0%")} of {Fmt(replicates, "#,0")} replicates{uplift}; {verdict}.";
    }

    // The intervals get their own last column, only in a run that has them: without, the page stays as it was.
    private static string Header(RunSummary summary, string title) => summary.Uncertainty is null ? string.Empty : $"<th>{E(title)}</th>";

    private static string Cell(RunSummary summary, string content) => summary.Uncertainty is null ? string.Empty : $"<td class=\"ci\" style=\"color:#57606a;white-space:nowrap\">{content}</td>";

    private static string Range(double? low, double? high, string format) =>
        low is { } l && high is { } h ? $"{E(Fmt(l, format))} to {E(Fmt(h, format))}" : "–";

    private static string CustomerSegmentTables(RunSummary summary, IReadOnlyList<SummaryCustomerSegment> segments)
    {
        var overall = summary.Channels.ToDictionary(c => c.Channel, c => c.RemovalWeight, StringComparer.Ordinal);
        var table = new StringBuilder("<table class=\"segments\"><thead><tr><th>Segment</th><th>Journeys</th><th>Converted</th><th>Baseline conversion</th><th style=\"text-align:left\">Stands out</th></tr></thead><tbody>");
        foreach (var segment in segments)
        {
            // The channel whose weight here is furthest above its weight over all customers.
            var standout = segment.Channels.Where(c => c.RemovalWeight > 0)
                .OrderByDescending(c => c.RemovalWeight - overall.GetValueOrDefault(c.Channel))
                .ThenBy(c => c.Channel, StringComparer.Ordinal)
                .FirstOrDefault();
            var note = standout is null
                ? "no conversions"
                : $"{standout.Channel} ({Fmt(standout.RemovalWeight, "0.0%")} here, {Fmt(overall.GetValueOrDefault(standout.Channel), "0.0%")} overall)";
            table.Append($"<tr><td class=\"segment\">{E(segment.CustomerSegment)}</td><td>{Fmt(segment.Journeys, "#,0")}</td><td>{Fmt(segment.ConvertedJourneys, "#,0")}</td><td>{Fmt(segment.BaselineConversion, "0.0%")}</td><td style=\"text-align:left\">{E(note)}</td></tr>");
        }

        table.Append("</tbody></table>");
        table.Append("<table class=\"segment-weights\"><caption>Removal weight of each channel, by customer segment</caption><thead><tr><th>Channel</th>");
        foreach (var segment in segments)
        {
            table.Append($"<th>{E(segment.CustomerSegment)}</th>");
        }

        table.Append("<th>All customers</th></tr></thead><tbody>");
        foreach (var channel in ReportCharts.CustomerSegmentChannels(summary, segments))
        {
            table.Append($"<tr><td>{E(channel)}</td>");
            foreach (var segment in segments)
            {
                var weight = segment.Channels.FirstOrDefault(c => c.Channel == channel)?.RemovalWeight ?? 0;
                table.Append($"<td>{Fmt(weight, "0.0%")}</td>");
            }

            table.Append($"<td>{Fmt(overall.GetValueOrDefault(channel), "0.0%")}</td></tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    private static string Shade(double t)
    {
        // From a pale to a deep blue: one hue, so the order reads at a glance and prints in grey.
        var r = (int)Math.Round(239 - (t * (239 - 29)));
        var g = (int)Math.Round(246 - (t * (246 - 78)));
        var b = (int)Math.Round(255 - (t * (255 - 216)));
        return $"rgb({r},{g},{b})";
    }

    // ScottPlot writes a fixed width and height; a viewBox lets the chart scale with the page.
    private static string Figure(string svg) =>
        $"<figure class=\"chart\">{svg.Replace("<svg ", "<svg viewBox=\"0 0 900 380\" preserveAspectRatio=\"xMidYMid meet\" ", StringComparison.Ordinal)}</figure>";

    private static string Card(string label, string value, string note, string id) =>
        $"<div class=\"card\"><div class=\"label\">{E(label)}</div><div class=\"value\" id=\"{id}\">{E(value)}</div><div class=\"note\">{E(note)}</div></div>";

    private static string Fmt(double value, string format) => value.ToString(format, Culture);

    private static string Fmt(long value, string format) => value.ToString(format, Culture);

    private static string Fmt(int value, string format) => value.ToString(format, Culture);

    private static string E(string text) => Html.Encode(text);

    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f8fa; color: #111; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        h1 { margin: 0; font-size: 28px; } h2 { margin: 32px 0 8px; font-size: 20px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; } h3 { margin: 20px 0 6px; font-size: 16px; }
        .sub { color: #57606a; margin: 4px 0 16px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
        .card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 16px; }
        .card .label { color: #57606a; font-size: 13px; } .card .value { font-size: 26px; font-weight: 600; } .card .note { color: #57606a; font-size: 12px; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #d0d7de; padding: 6px 10px; text-align: right; } th:first-child, td:first-child { text-align: left; }
        thead th { background: #eef1f4; } tr.infeasible td { background: #fff1f0; } tr.infeasible td[colspan] { text-align: left; } tr.infeasible .status { color: #b91c1c; font-weight: 600; }
        .alerts { background: #fff8e6; border: 1px solid #f0c36d; border-radius: 8px; padding: 4px 16px; } .alerts h2 { border: 0; margin-top: 8px; }
        figure.chart { margin: 8px 0; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; } figure.chart svg { width: 100%; height: auto; }
        table.heat td { text-align: center; } table.heat tr.best th { color: #b91c1c; } table.heat td.none { color: #b91c1c; background: #fff1f0; }
        caption { caption-side: top; text-align: left; color: #57606a; padding: 4px 0; } .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #999; vertical-align: middle; }
        ul.checks { list-style: none; padding: 0; } .pass { color: #15803d; } .fail { color: #b91c1c; } .warn { color: #9a6700; }
        footer { margin-top: 32px; color: #57606a; font-size: 12px; }
        @media print { body { background: #fff; } main { max-width: none; padding: 0; } section { break-inside: avoid; } figure.chart, .card { border-color: #999; } }
        """;
}
