using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;
using ScottPlot;

namespace MarkovFunctions.Pipeline.HtmlReport;

/// <summary>The report's charts as inline SVG, drawn with ScottPlot: titles, axis labels and legends on every one.</summary>
internal static class ReportCharts
{
    private const int Width = 900;
    private const int Height = 380;
    private static readonly Color Current = Color.FromHex("#9aa5b1");
    private static readonly Color Interval = Color.FromHex("#111111");
    private static readonly Color[] Palette = [Color.FromHex("#1f6feb"), Color.FromHex("#d97706"), Color.FromHex("#15803d"), Color.FromHex("#b91c1c"), Color.FromHex("#7c3aed"), Color.FromHex("#0e7490")];

    /// <summary>Current spend and the optimal spend of each feasible budget, per channel.</summary>
    public static string SpendByChannel(RunSummary summary)
    {
        var feasible = summary.Budgets.Where(b => b.Status == SolveStatus.Optimal).ToArray();
        var channels = feasible.FirstOrDefault()?.Channels.Select(c => c.Channel).ToArray() ?? [];
        var plot = NewPlot("Current vs optimal monthly spend by channel", "Channel", "Monthly spend");
        var groups = 1 + feasible.Length;
        var bars = new List<Bar>();
        for (var c = 0; c < channels.Length; c++)
        {
            bars.Add(new Bar { Position = (c * (groups + 1)) + 0, Value = feasible[0].Channels[c].CurrentSpend, FillColor = Current });
            for (var b = 0; b < feasible.Length; b++)
            {
                bars.Add(new Bar { Position = (c * (groups + 1)) + 1 + b, Value = feasible[b].Channels[c].OptimalSpend, FillColor = Palette[b % Palette.Length] });
            }
        }

        plot.Add.Bars(bars);
        for (var c = 0; c < channels.Length; c++)
        {
            for (var b = 0; b < feasible.Length; b++)
            {
                var allocation = feasible[b].Channels[c];
                ErrorBar(plot, (c * (groups + 1)) + 1 + b, allocation.OptimalSpendLow, allocation.OptimalSpendHigh);
            }
        }

        plot.Axes.Bottom.SetTicks(channels.Select((_, c) => (double)(c * (groups + 1)) + (groups / 2.0) - 0.5).ToArray(), channels);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Current spend", FillColor = Current });
        for (var b = 0; b < feasible.Length; b++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"Optimal at budget {feasible[b].Budget:#,0}", FillColor = Palette[b % Palette.Length] });
        }

        AddIntervalLegend(plot, feasible.Any(b => b.Channels.Any(c => c.OptimalSpendLow is not null)));
        return Finish(plot);
    }

    /// <summary>Predicted conversions at the optimum and at today's mix, by budget.</summary>
    public static string ConversionsByBudget(RunSummary summary)
    {
        var plot = NewPlot("Predicted conversions by budget", "Budget", "Predicted conversions per month");
        var budgets = summary.Budgets;
        var bars = budgets.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.PredictedConversions ?? 0,
            FillColor = b.PredictedConversions is null ? Colors.Transparent : Palette[0],
            Label = b.PredictedConversions is null ? "infeasible" : $"{b.Uplift:+0.0%;-0.0%}",
        }).ToArray();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 12;
        for (var i = 0; i < budgets.Count; i++)
        {
            ErrorBar(plot, i, budgets[i].PredictedConversionsLow, budgets[i].PredictedConversionsHigh);
        }

        var current = plot.Add.HorizontalLine(budgets.FirstOrDefault()?.PredictedCurrent ?? 0);
        current.Color = Current;
        current.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.SetTicks(budgets.Select((_, i) => (double)i).ToArray(), budgets.Select(b => b.Budget.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Optimal allocation (bar label: uplift)", FillColor = Palette[0] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Today's mix (predicted current)", LineColor = Current, LinePattern = LinePattern.Dashed, LineWidth = 2 });
        AddIntervalLegend(plot, budgets.Any(b => b.PredictedConversionsLow is not null));
        return Finish(plot);
    }

    /// <summary>Conversions credited to each channel by each attribution model.</summary>
    public static string AttributionByModel(RunSummary summary)
    {
        (string Name, Func<SummaryChannel, double> Value)[] models =
        [
            ("Markov", c => c.AttributedConversions), ("First touch", c => c.FirstTouch), ("Last touch", c => c.LastTouch),
            ("Linear", c => c.Linear), ("Position-based", c => c.PositionBased), ("Time decay", c => c.TimeDecay), ("Shapley", c => c.Shapley),
        ];
        var channels = summary.Channels;
        return GroupedBars(
            "Conversions credited per channel, by attribution model",
            "Conversions credited",
            channels.Select(c => c.Channel).ToArray(),
            models.Select(m => m.Name).ToArray(),
            (c, m) => models[m].Value(channels[c]));
    }

    /// <summary>The channels of the segment comparison: every channel of the run, by ordinal name.</summary>
    public static IReadOnlyList<string> CustomerSegmentChannels(RunSummary summary, IReadOnlyList<SummaryCustomerSegment> segments) =>
        summary.Channels.Select(c => c.Channel).Concat(segments.SelectMany(s => s.Channels).Select(c => c.Channel))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Each channel's removal weight in each customer segment, side by side.</summary>
    public static string WeightsByCustomerSegment(RunSummary summary, IReadOnlyList<SummaryCustomerSegment> segments)
    {
        var channels = CustomerSegmentChannels(summary, segments);
        return GroupedBars(
            "Removal weight per channel, by customer segment",
            "Removal weight",
            channels,
            segments.Select(s => s.CustomerSegment).ToArray(),
            (c, s) => segments[s].Channels.FirstOrDefault(x => x.Channel == channels[c])?.RemovalWeight ?? 0);
    }

    /// <summary>One group of bars per channel, one bar per series in it, and a legend of the series.</summary>
    private static string GroupedBars(string title, string y, IReadOnlyList<string> channels, IReadOnlyList<string> series, Func<int, int, double> value)
    {
        var plot = NewPlot(title, "Channel", y);
        var width = series.Count + 1;
        var bars = new List<Bar>();
        for (var c = 0; c < channels.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                bars.Add(new Bar { Position = (c * width) + s, Value = value(c, s), FillColor = Palette[s % Palette.Length] });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(channels.Select((_, c) => (double)(c * width) + ((series.Count - 1) / 2.0)).ToArray(), channels.ToArray());
        for (var s = 0; s < series.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s], FillColor = Palette[s % Palette.Length] });
        }

        return Finish(plot);
    }

    /// <summary>SMAPE by alpha, with alpha* marked.</summary>
    public static string Calibration(RunSummary summary)
    {
        var plot = NewPlot("Calibration: SMAPE by alpha (lower fits better)", "alpha (share of Markov credit in the blend)", "SMAPE at current spend");
        var points = summary.Calibration.Where(p => p.Smape is not null).ToArray();
        var curve = plot.Add.Scatter(points.Select(p => p.Alpha).ToArray(), points.Select(p => p.Smape!.Value).ToArray());
        curve.Color = Palette[0];
        curve.LegendText = "SMAPE";
        var best = plot.Add.VerticalLine(summary.AlphaBest);
        best.Color = Palette[3];
        best.LinePattern = LinePattern.Dashed;
        best.LegendText = $"alpha* = {summary.AlphaBest:0.00}";
        plot.ShowLegend(Edge.Right);
        return Finish(plot, legendAlreadyShown: true);
    }

    /// <summary>The size of a response-curve chart: two side by side on a wide page.</summary>
    public const int CurveWidth = 600;
    public const int CurveHeight = 360;

    /// <summary>
    /// One fitted channel (MODEL.md section 11): its weeks as points (adstocked spend, conversions), the fitted curve and its band,
    /// today's weekly spend and the recommended weekly spend of each feasible budget.
    /// </summary>
    public static string ResponseCurve(ResponseCurveFit fit, CurveChart chart, double currentWeekly, IReadOnlyList<(double Budget, double Weekly)> recommended)
    {
        var plot = NewPlot(fit.Channel, "Weekly spend (adstocked)", "Weekly conversions");
        var right = new[] { chart.Adstock.DefaultIfEmpty(0).Max(), currentWeekly, recommended.Select(r => r.Weekly).DefaultIfEmpty(0).Max() }.Max() * 1.1;
        var xs = Enumerable.Range(0, 101).Select(i => right * i / 100).ToArray();
        var low = xs.Select(chart.Low.At).ToArray();
        var high = xs.Select(chart.High.At).ToArray();
        var middle = xs.Select(x => fit.ValueAtWeekly(x) ?? 0).ToArray();
        var band = plot.Add.FillY(xs, low.Zip(high, middle).Select(v => Math.Min(v.First, Math.Min(v.Second, v.Third))).ToArray(), low.Zip(high, middle).Select(v => Math.Max(v.First, Math.Max(v.Second, v.Third))).ToArray());
        band.FillColor = Palette[0].WithAlpha(0.18);
        band.LineColor = Colors.Transparent;
        band.LegendText = "95 % band (h at its interval's ends)";
        var weeks = plot.Add.Scatter(chart.Adstock.ToArray(), chart.Conversions.ToArray());
        weeks.LineWidth = 0;
        weeks.MarkerSize = 4;
        weeks.Color = Current;
        weeks.LegendText = "Weeks";
        var curve = plot.Add.Scatter(xs, middle);
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.Color = Palette[0];
        curve.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Fitted curve (kappa {fit.Kappa:0.00})");
        var today = plot.Add.VerticalLine(currentWeekly);
        today.Color = Interval;
        today.LinePattern = LinePattern.Dashed;
        today.LegendText = "Today's spend";
        for (var b = 0; b < recommended.Count; b++)
        {
            var line = plot.Add.VerticalLine(recommended[b].Weekly);
            line.Color = Palette[(b + 1) % Palette.Length];
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = $"Recommended at budget {recommended[b].Budget:#,0}";
        }

        plot.Axes.SetLimitsX(0, right);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetSvgXml(CurveWidth, CurveHeight);
    }

    /// <summary>A 95 % interval as a vertical line with caps; nothing without intervals, so such a chart is drawn as before.</summary>
    private static void ErrorBar(Plot plot, double x, double? low, double? high)
    {
        if (low is not { } l || high is not { } h)
        {
            return;
        }

        foreach (var (x1, y1, x2, y2) in new[] { (x, l, x, h), (x - 0.15, l, x + 0.15, l), (x - 0.15, h, x + 0.15, h) })
        {
            var line = plot.Add.Line(x1, y1, x2, y2);
            line.Color = Interval;
            line.LineWidth = 1.5f;
        }
    }

    private static void AddIntervalLegend(Plot plot, bool any)
    {
        if (any)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "95 % interval (bootstrap over customers)", LineColor = Interval, LineWidth = 2 });
        }
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static string Finish(Plot plot, bool legendAlreadyShown = false)
    {
        if (!legendAlreadyShown)
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot.GetSvgXml(Width, Height);
    }
}
