using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>
/// The HTTP API of the design, independent of the host: the Functions app's HTTP triggers route
/// requests here, and the tests call it directly as well as over HTTP on the real Functions host.
/// </summary>
public sealed partial class RunsApi(
    IOrchestrationGateway gateway, IArtifactStore store, IOptions<RunOptions> defaults, TimeProvider clock, ILogger<RunsApi>? logger = null)
{
    /// <summary>The largest request body accepted, in bytes: a run request is a few hundred bytes; 64 KiB leaves room for many rules.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest run id accepted in <c>GET /api/runs/{id}</c>.</summary>
    public const int MaxRunIdLength = 100;

    private static readonly JsonSerializerOptions Json = RunSummary.JsonOptions;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    private static readonly HashSet<string> KnownFields =
        ["budgets", "alpha_mode", "alpha", "alpha_grid_step", "constraints", "as_of", "lookback_days", "response_mode", "kappa", "segments", "half_life_days", "partitions", "intervals", "interval_seed"];

    /// <summary><c>POST /api/runs</c>: starts an ad hoc run; the body may override the configured defaults.</summary>
    public async Task<ApiResponse> StartRunAsync(string? body, string baseUrl, CancellationToken ct = default)
    {
        if (body is not null && (body.Length > MaxBodyBytes || Encoding.UTF8.GetByteCount(body) > MaxBodyBytes))
        {
            return TooLarge();
        }

        RunParameters parameters;
        try
        {
            parameters = ParseRunRequest(body, defaults.Value, clock.GetUtcNow());
            parameters.Validate();
        }
        catch (Exception ex) when (ex is ConfigurationException or JsonException or FormatException or InputValidationException)
        {
            return ApiResponse.Error(400, ex is JsonException ? $"the request body is not valid JSON: {ex.Message}" : ex.Message);
        }

        var id = await gateway.StartAsync(new PipelineInput("adhoc", parameters), null, ct);
        var statusUrl = $"{baseUrl.TrimEnd('/')}/api/runs/{Uri.EscapeDataString(id)}";
        return new ApiResponse(
            202,
            new JsonObject { ["id"] = id, ["status_url"] = statusUrl, ["recommendation_url"] = $"{baseUrl.TrimEnd('/')}/api/recommendation" },
            new Dictionary<string, string> { ["Location"] = statusUrl });
    }

    /// <summary>
    /// <c>POST /api/runs</c> with the body as a stream: reads at most <see cref="MaxBodyBytes"/> + 1 bytes,
    /// so an oversized body is refused (413) without being held in memory.
    /// </summary>
    public async Task<ApiResponse> StartRunAsync(Stream body, string baseUrl, CancellationToken ct = default)
    {
        var (text, error) = await ReadBodyAsync(body, ct);
        return error ?? await StartRunAsync(text, baseUrl, ct);
    }

    /// <summary>
    /// <c>POST /api/evaluate</c>: what a plan <c>{"spend": {...}}</c> gives under a run's model (<c>"run"</c>,
    /// default the latest good run), the bounds and share rules it breaks, and the optimum at its total.
    /// </summary>
    public async Task<ApiResponse> EvaluateAsync(Stream body, CancellationToken ct = default)
    {
        var (text, error) = await ReadBodyAsync(body, ct);
        return error ?? await EvaluateAsync(text, ct);
    }

    /// <inheritdoc cref="EvaluateAsync(Stream, CancellationToken)"/>
    public async Task<ApiResponse> EvaluateAsync(string? body, CancellationToken ct = default)
    {
        if (body is not null && (body.Length > MaxBodyBytes || Encoding.UTF8.GetByteCount(body) > MaxBodyBytes))
        {
            return TooLarge();
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return ApiResponse.Error(400, "the request body must be a plan: {\"spend\": {\"Email\": 5000, ...}}");
        }

        PlanRequest plan;
        try
        {
            plan = PlanRequest.Parse(body, allowRun: true);
        }
        catch (FormatException ex)
        {
            return ApiResponse.Error(400, ex.Message);
        }

        if (plan.Run is { } named && (named.Length > MaxRunIdLength || !named.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
        {
            return ApiResponse.Error(400, $"run {FieldParser.Shown(named)} is not a run id (letters, digits, '_' and '-', at most {MaxRunIdLength} characters)");
        }

        string run;
        RecommendationModel model;
        try
        {
            var latest = plan.Run ?? await LatestRun.ReadAsync(store, ct);
            if (latest is null)
            {
                return ApiResponse.Error(404, "no run has been published yet");
            }

            var modelBytes = await store.ReadAsync($"{latest}/{RecommendationModel.FileName}", ct);
            if (modelBytes is null)
            {
                return plan.Run is null
                    ? throw new InvalidDataException($"{LatestRun.FileName} names run {latest}, which has no {RecommendationModel.FileName} (point it at a run folder that exists)")
                    : ApiResponse.Error(404, $"no run {FieldParser.Shown(latest)} (or it has no {RecommendationModel.FileName})");
            }

            run = latest;
            model = JsonSerializer.Deserialize<RecommendationModel>(modelBytes, Json)
                ?? throw new InvalidDataException($"run {latest}: {RecommendationModel.FileName} is empty");
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            var problem = ex is JsonException ? $"an artifact of the run is not valid JSON: {ex.Message}" : ex.Message;
            EvaluateRunUnusable(_logger, problem);
            return ApiResponse.Error(503, $"the run cannot be read: {problem}");
        }

        try
        {
            return new ApiResponse(200, PlanEvaluationJson.ToJson(run, model.Evaluate(plan.Spend)));
        }
        catch (ConfigurationException ex)
        {
            return ApiResponse.Error(400, ex.Message);
        }
    }

    /// <summary><c>GET /api/runs/{id}</c>.</summary>
    public async Task<ApiResponse> GetRunAsync(string id, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return ApiResponse.Error(400, "a run id is required: GET /api/runs/{id} with the id POST /api/runs answered");
        }

        if (id.Length > MaxRunIdLength)
        {
            return ApiResponse.Error(400, string.Create(CultureInfo.InvariantCulture, $"a run id is at most {MaxRunIdLength} characters; this one has {id.Length:N0}"));
        }

        var status = await gateway.GetAsync(id, ct);
        if (status is null)
        {
            return ApiResponse.Error(404, $"no run with id {FieldParser.Shown(id)}");
        }

        return new ApiResponse(200, JsonSerializer.SerializeToNode(status, Json)!);
    }

    /// <summary><c>GET /api/recommendation?budget=65000</c>: from the latest good run, solved on demand for a new budget.</summary>
    public async Task<ApiResponse> GetRecommendationAsync(string? budgetText, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(budgetText))
        {
            return ApiResponse.Error(400, "query parameter 'budget' is required, e.g. ?budget=65000");
        }

        if (!double.TryParse(budgetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var budget) || !double.IsFinite(budget))
        {
            return ApiResponse.Error(400, $"budget {FieldParser.Shown(budgetText)} is not a number");
        }

        if (BudgetRule.Problem(budget) is { } unusable)
        {
            return ApiResponse.Error(400, $"budget {FieldParser.Shown(budgetText)} {unusable}");
        }

        // latest.json is edited by hand to roll back: a broken one is the operator's to fix, so it is
        // answered with 503 and what to fix, and logged, never a bare 500.
        string? latest;
        SummaryBudget result;
        string source;
        RunSummary summary;
        try
        {
            latest = await LatestRun.ReadAsync(store, ct);
            if (latest is null)
            {
                return ApiResponse.Error(404, "no run has been published yet");
            }

            summary = RunSummary.FromJson(await store.ReadAsync($"{latest}/summary.json", ct)
                ?? throw new InvalidDataException($"{LatestRun.FileName} names run {latest}, which has no summary.json (point it at a run folder that exists)"));
            var inRun = summary.Budgets.FirstOrDefault(b => b.Budget == budget);
            if (inRun is not null)
            {
                result = inRun;
                source = "run";
            }
            else
            {
                var modelBytes = await store.ReadAsync($"{latest}/{RecommendationModel.FileName}", ct)
                    ?? throw new InvalidDataException($"{LatestRun.FileName} names run {latest}, which has no {RecommendationModel.FileName} (point it at a run folder that exists)");
                var model = JsonSerializer.Deserialize<RecommendationModel>(modelBytes, Json)
                    ?? throw new InvalidDataException($"run {latest}: {RecommendationModel.FileName} is empty");
                var solved = model.Solve(budget);
                result = SummaryBudget.From(solved, model.IntervalsFor(solved));
                source = "solved_on_demand";
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            var problem = ex is JsonException ? $"an artifact of the latest run is not valid JSON: {ex.Message}" : ex.Message;
            LatestRunUnusable(_logger, problem);
            return ApiResponse.Error(503, $"the latest run cannot be read: {problem}");
        }

        var body = new JsonObject
        {
            ["run"] = latest,
            ["budget"] = budget,
            ["source"] = source,
            ["status"] = result.Status.Text(),
            ["reasons"] = JsonSerializer.SerializeToNode(result.Reasons, Json),
            ["alpha_best"] = summary.AlphaBest,
            ["predicted_conversions"] = result.PredictedConversions,
            ["predicted_current"] = result.PredictedCurrent,
            ["uplift"] = result.Uplift,
            ["budget_marginal_value"] = result.BudgetMarginalValue,
            ["uncertainty"] = summary.Uncertainty is null ? null : JsonSerializer.SerializeToNode(summary.Uncertainty, Json),
            ["predicted_conversions_low"] = result.PredictedConversionsLow,
            ["predicted_conversions_high"] = result.PredictedConversionsHigh,
            ["uplift_low"] = result.UpliftLow,
            ["uplift_high"] = result.UpliftHigh,
            ["beats_current_share"] = result.BeatsCurrentShare,
            ["channels"] = new JsonArray(result.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["channel"] = c.Channel,
                ["optimal_spend"] = c.OptimalSpend,
                ["current_spend"] = c.CurrentSpend,
                ["predicted_conversions"] = c.PredictedConversions,
                ["optimal_spend_low"] = c.OptimalSpendLow,
                ["optimal_spend_high"] = c.OptimalSpendHigh,
                ["at_min"] = c.AtMin,
                ["at_max"] = c.AtMax,
            }).ToArray()),
            ["binding_constraints"] = new JsonArray(result.Constraints.Where(c => c.Binding).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["bound"] = c.Bound,
                ["dual"] = c.Dual,
            }).ToArray()),
        };
        return new ApiResponse(200, body);
    }

    /// <summary>The run parameters of a request body; fields left out keep the configured defaults.</summary>
    public static RunParameters ParseRunRequest(string? body, RunOptions defaults, DateTimeOffset now)
    {
        var parameters = defaults.ToParameters(now);
        if (string.IsNullOrWhiteSpace(body))
        {
            return parameters;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the request body must be a JSON object");
        }

        foreach (var property in root.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
        {
            throw new FormatException($"unknown field {FieldParser.Shown(property.Name)}; known fields: {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}");
        }

        if (root.TryGetProperty("budgets", out var budgets))
        {
            if (budgets.ValueKind != JsonValueKind.Array || budgets.GetArrayLength() == 0)
            {
                throw new FormatException("budgets must be a non-empty list of numbers");
            }

            parameters = parameters with
            {
                Budgets = budgets.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Number
                    ? b.GetDouble()
                    : throw new FormatException($"budgets: {Raw(b)} is not a positive number")).ToArray(),
            };
        }

        var givenMode = root.TryGetProperty("alpha_mode", out var mode) ? AlphaModeText.Parse(String(mode, "alpha_mode"), "alpha_mode") : (AlphaMode?)null;
        var givenAlpha = root.TryGetProperty("alpha", out var alpha) ? Number(alpha, "alpha") : (double?)null;
        if (givenMode is not null || givenAlpha is not null)
        {
            // The request chooses alpha as a whole; the configured alpha stays only under a requested fixed mode.
            var alphaMode = AlphaSettings.ModeFor(givenMode, givenAlpha);
            parameters = parameters with { AlphaMode = alphaMode, AlphaFixed = givenAlpha ?? (alphaMode == AlphaMode.Fixed ? parameters.AlphaFixed : null) };
        }

        if (root.TryGetProperty("alpha_grid_step", out var step))
        {
            parameters = parameters with { AlphaGridStep = Number(step, "alpha_grid_step") };
        }

        if (root.TryGetProperty("constraints", out var constraints))
        {
            var json = constraints.ValueKind == JsonValueKind.Array ? new JsonObject { ["constraints"] = JsonNode.Parse(constraints.GetRawText()) }.ToJsonString() : constraints.GetRawText();
            parameters = parameters with { Constraints = ConstraintConfiguration.Parse(json) };
        }

        if (root.TryGetProperty("lookback_days", out var lookback))
        {
            var asOf = root.TryGetProperty("as_of", out var asOfElement) ? Timestamp(asOfElement, "as_of") : now;
            parameters = parameters with { Window = new ExtractWindow(asOf, Integer(lookback, "lookback_days", 1, MaxLookbackDays)) };
        }
        else if (root.TryGetProperty("as_of", out _))
        {
            throw new FormatException("as_of needs lookback_days (the window is [as_of - lookback_days, as_of))");
        }

        if (root.TryGetProperty("response_mode", out var response))
        {
            parameters = parameters with { ResponseMode = ResponseModeText.Parse(String(response, "response_mode"), "response_mode") };
        }

        if (root.TryGetProperty("kappa", out var kappa))
        {
            parameters = parameters with { Kappa = Number(kappa, "kappa") };
        }

        if (root.TryGetProperty("intervals", out var intervals))
        {
            parameters = parameters with { IntervalReplicates = Integer(intervals, "intervals", 0, Domain.RunLimits.MaxReplicates) };
        }

        if (root.TryGetProperty("interval_seed", out var seed))
        {
            parameters = parameters with { IntervalSeed = Integer(seed, "interval_seed", int.MinValue, int.MaxValue) };
        }

        if (root.TryGetProperty("order", out var order))
        {
            parameters = parameters with
            {
                Order = order.ValueKind == JsonValueKind.Number
                    ? Domain.Attribution.MarkovOrder.Of(Integer(order, "order", 1, Domain.Attribution.MarkovOrder.Highest))
                    : Domain.Attribution.MarkovOrder.Parse(String(order, "order"), "order"),
            };
        }

        if (root.TryGetProperty("segments", out var segments))
        {
            parameters = parameters with { Segments = Integer(segments, "segments", 1, Domain.RunLimits.MaxSegments) };
        }

        if (root.TryGetProperty("half_life_days", out var halfLife))
        {
            parameters = parameters with { HalfLifeDays = Number(halfLife, "half_life_days") };
        }

        if (root.TryGetProperty("partitions", out var partitions))
        {
            parameters = parameters with { ExtractPartitions = Integer(partitions, "partitions", 1, 256) };
        }

        return parameters;
    }

    /// <summary>The longest lookback accepted, in days (100 years): more would reach before year 1 for some as_of.</summary>
    public const int MaxLookbackDays = 36_500;

    private static double Number(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{field} must be a number, found {Raw(element)}");

    /// <summary>A whole number in [min, max]: a cast would turn 1e12 into a negative int.</summary>
    private static int Integer(JsonElement element, string field, int min, int max)
    {
        var value = Number(element, field);
        return value == Math.Floor(value) && value >= min && value <= max
            ? (int)value
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min:N0} to {max:N0}, found {Raw(element)}"));
    }

    private static DateTimeOffset Timestamp(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new FormatException($"{field} must be an ISO 8601 timestamp in a string, e.g. \"2026-01-31T00:00:00Z\", found {Raw(element)}");

    private static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{field} must be a string, found {Raw(element)}");

    /// <summary>A value of the request as a message quotes it, cut to 100 characters.</summary>
    private static string Raw(JsonElement element) => FieldParser.ShownJson(element.GetRawText());

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> + 1 bytes, so an oversized body is refused (413) without being held in memory.</summary>
    private static async Task<(string Text, ApiResponse? Error)> ReadBodyAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
        {
            filled += read;
        }

        if (filled > MaxBodyBytes)
        {
            return (string.Empty, TooLarge());
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, filled).TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return (string.Empty, ApiResponse.Error(400, "the request body is not UTF-8 text"));
        }
    }

    private static ApiResponse TooLarge() =>
        ApiResponse.Error(413, string.Create(CultureInfo.InvariantCulture, $"the request body is larger than {MaxBodyBytes / 1024:N0} KiB, the largest accepted"));

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "GET /api/recommendation: the latest run cannot be read: {Problem}")]
    private static partial void LatestRunUnusable(ILogger logger, string problem);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "POST /api/evaluate: the run cannot be read: {Problem}")]
    private static partial void EvaluateRunUnusable(ILogger logger, string problem);
}
