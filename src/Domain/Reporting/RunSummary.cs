using System.Text.Json;
using System.Text.Json.Serialization;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Reporting;

/// <summary>
/// <c>summary.json</c>: every number of a run that a person or a test reads, snake_case, with JSON
/// null for numbers that do not exist (an infeasible budget's). It carries no time and no run id, so
/// the same data always gives the same bytes.
/// </summary>
public sealed record RunSummary(
    int SchemaVersion,
    string ResponseMode,
    string AlphaMode,
    long Rows,
    long Journeys,
    long ConvertedJourneys,
    double ConvertedValue,
    double BaselineConversion,
    double HalfLifeDays,
    IReadOnlyList<SummaryChannel> Channels,
    double AlphaBest,
    double SmapeBest,
    double ScaleBest,
    IReadOnlyList<SummaryCalibrationPoint> Calibration,
    IReadOnlyList<SummaryConstraintRule> ConstraintRules,
    IReadOnlyList<SummaryBudget> Budgets,
    IReadOnlyList<SummarySweepPoint> Sweep,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Alerts)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// <c>segments</c>: each customer segment's own attribution (MODEL.md section 8), by ordinal segment
    /// name. Absent (not written) when the data has one segment, so such a run's summary is unchanged.
    /// </summary>
    [JsonPropertyName("segments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SummaryCustomerSegment>? CustomerSegments { get; init; }
    /// <summary>How the intervals were drawn; absent (with every <c>_low</c>/<c>_high</c>) when they are off, so such a run writes the bytes it always did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SummaryUncertainty? Uncertainty { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AlphaBestLow { get; init; }

    /// <summary>Each channel's response curve from the weekly spend history (MODEL.md section 11); absent without history.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SummaryResponseCurve>? ResponseCurves { get; init; }

    /// <summary>The held-out weeks' SMAPE pooled over the fitted channels, with the rivals'; absent without a holdout.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResponseFitting.HoldoutScore? ResponseCurvesHoldout { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AlphaBestHigh { get; init; }

    /// <summary>The order of the chain used (MODEL.md section 12); not written at the default order 1, so such a run's summary is unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MarkovOrder { get; init; }

    /// <summary>With <c>--order auto</c>, every order's held-out score (section 13); not written otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OrderScore>? OrderSelection { get; init; }

    /// <summary>How the Shapley credits were computed: <c>exact</c> or <c>sampled</c> (MODEL.md section 14).</summary>
    public string? ShapleyMethod { get; init; }

    /// <summary>The permutations sampled; not written when exact.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ShapleyPermutations { get; init; }

    /// <summary>
    /// The artifacts' and the API's JSON (snake_case, indented). Read-only: every layer serialises with
    /// it, so none may change it for the others.
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = ReadOnly(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static RunSummary From(RunOutcome outcome)
    {
        var weights = outcome.Calibration.Weights.ToDictionary(w => w.Channel, StringComparer.Ordinal);
        var attribution = outcome.Attribution.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        var channels = attribution.Keys.Union(weights.Keys).Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var a = attribution.GetValueOrDefault(name);
                var w = weights.GetValueOrDefault(name);
                var interval = outcome.Intervals?.Channels.FirstOrDefault(c => c.Channel == name);
                return new SummaryChannel(
                    name,
                    a?.RemovalEffect ?? 0,
                    a?.RemovalWeight ?? 0,
                    a?.AttributedConversions ?? 0,
                    a?.AttributedValue ?? 0,
                    w?.ProvidedWeight,
                    w?.OptWeight,
                    a?.FirstTouch ?? 0,
                    a?.LastTouch ?? 0,
                    a?.Linear ?? 0,
                    a?.PositionBased ?? 0,
                    a?.TimeDecay ?? 0)
                {
                    Shapley = a?.Shapley ?? 0,
                    ShapleyStandardError = a?.ShapleyStandardError,
                    RemovalWeightLow = interval?.RemovalWeight.Low,
                    RemovalWeightHigh = interval?.RemovalWeight.High,
                    AttributedConversionsLow = interval?.AttributedConversions.Low,
                    AttributedConversionsHigh = interval?.AttributedConversions.High,
                    ValuePerConversion = outcome.Values?.For(name),
                };
            })
            .ToArray();

        return new RunSummary(
            CurrentSchemaVersion,
            outcome.Response.Mode.Text(),
            outcome.Calibration.Mode.Text(),
            outcome.Counts.Rows,
            outcome.Counts.Journeys,
            outcome.Counts.ConvertedJourneys,
            outcome.Counts.ConvertedValue,
            outcome.Attribution.BaselineConversion,
            outcome.Counts.HalfLifeDays,
            channels,
            outcome.Calibration.AlphaBest,
            outcome.Calibration.SmapeBest,
            outcome.Calibration.ScaleBest,
            outcome.Calibration.Table.Select(p => new SummaryCalibrationPoint(p.Alpha, p.Smape, p.Scale)).ToArray(),
            outcome.Constraints.Select(c => new SummaryConstraintRule(c.Name, c.Bound.Text(), c.Share, c.Channels)).ToArray(),
            outcome.Budgets.Select(b => SummaryBudget.From(b, outcome.Intervals?.Budgets.FirstOrDefault(i => i.Budget == b.Budget))).ToArray(),
            outcome.Sweep.Select(p => new SummarySweepPoint(p.Alpha, p.Budget, p.PredictedConversions)).ToArray(),
            outcome.Warnings,
            outcome.Alerts)
        {
            MarkovOrder = outcome.MarkovOrder == Counting.MarkovOrder.One ? null : outcome.Attribution.Order,
            OrderSelection = outcome.OrderSelection?.Scores,
            ShapleyMethod = outcome.Attribution.ShapleyMethod,
            ShapleyPermutations = outcome.Attribution.ShapleyPermutations > 0 ? outcome.Attribution.ShapleyPermutations : null,
            Uncertainty = SummaryUncertainty.From(outcome.Intervals),
            AlphaBestLow = outcome.Intervals?.AlphaBest.Low,
            AlphaBestHigh = outcome.Intervals?.AlphaBest.High,
            CustomerSegments = outcome.CustomerSegments.Count == 0 ? null : outcome.CustomerSegments.Select(SummaryCustomerSegment.From).ToArray(),
            ResponseCurves = outcome.Curves?.Channels.Select(SummaryResponseCurve.From).ToArray(),
            ResponseCurvesHoldout = outcome.Curves?.Holdout,
        };
    }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    public static RunSummary FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RunSummary>(json, JsonOptions) ?? throw new JsonException("summary.json is empty");
}
