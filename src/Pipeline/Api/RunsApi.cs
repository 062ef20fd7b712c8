using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>An HTTP answer, independent of the host that sends it.</summary>
public sealed record ApiResponse(int StatusCode, JsonNode Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ApiResponse Error(int status, string message) => new(status, new JsonObject { ["error"] = message });
}

/// <summary>
/// The HTTP API of the design, written once: the Functions app and <c>markov serve</c> both route
/// requests here, so the API that is tested over real HTTP locally is the one deployed.
/// </summary>
public sealed class RunsApi(IOrchestrationGateway gateway, IArtifactStore store, IOptions<RunOptions> defaults, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = RunSummary.JsonOptions;

    private static readonly HashSet<string> KnownFields =
        ["budgets", "alpha_mode", "alpha", "alpha_grid_step", "constraints", "as_of", "lookback_days", "response_mode", "kappa", "segments", "half_life_days", "partitions"];

    /// <summary><c>POST /api/runs</c>: starts an ad hoc run; the body may override the configured defaults.</summary>
    public async Task<ApiResponse> StartRunAsync(string? body, string baseUrl, CancellationToken ct = default)
    {
        RunParameters parameters;
        try
        {
            parameters = ParseRunRequest(body, defaults.Value, clock.GetUtcNow());
            parameters.Validate();
        }
        catch (Exception ex) when (ex is ConfigurationException or JsonException or FormatException)
        {
            return ApiResponse.Error(400, ex.Message);
        }

        var id = await gateway.StartAsync(new PipelineInput("adhoc", parameters), null, ct);
        var statusUrl = $"{baseUrl.TrimEnd('/')}/api/runs/{Uri.EscapeDataString(id)}";
        return new ApiResponse(
            202,
            new JsonObject { ["id"] = id, ["status_url"] = statusUrl, ["recommendation_url"] = $"{baseUrl.TrimEnd('/')}/api/recommendation" },
            new Dictionary<string, string> { ["Location"] = statusUrl });
    }

    /// <summary><c>GET /api/runs/{id}</c>.</summary>
    public async Task<ApiResponse> GetRunAsync(string id, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return ApiResponse.Error(400, "a run id is required");
        }

        var status = await gateway.GetAsync(id, ct);
        if (status is null)
        {
            return ApiResponse.Error(404, $"no run with id '{id}'");
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
            return ApiResponse.Error(400, $"budget '{budgetText}' is not a number");
        }

        if (budget <= 0)
        {
            return ApiResponse.Error(400, $"budget {budgetText} must be positive");
        }

        var latest = await LatestRun.ReadAsync(store, ct);
        if (latest is null)
        {
            return ApiResponse.Error(404, "no run has been published yet");
        }

        var summary = RunSummary.FromJson(await store.ReadAsync($"{latest}/summary.json", ct)
            ?? throw new InvalidOperationException($"run {latest} has no summary.json"));
        var inRun = summary.Budgets.FirstOrDefault(b => b.Budget == budget);
        SummaryBudget result;
        string source;
        if (inRun is not null)
        {
            result = inRun;
            source = "run";
        }
        else
        {
            var modelBytes = await store.ReadAsync($"{latest}/{RecommendationModel.FileName}", ct)
                ?? throw new InvalidOperationException($"run {latest} has no {RecommendationModel.FileName}");
            var model = JsonSerializer.Deserialize<RecommendationModel>(modelBytes, Json)!;
            result = SummaryBudget.From(model.Solve(budget));
            source = "solved_on_demand";
        }

        var body = new JsonObject
        {
            ["run"] = latest,
            ["budget"] = budget,
            ["source"] = source,
            ["status"] = result.Status,
            ["reasons"] = JsonSerializer.SerializeToNode(result.Reasons, Json),
            ["alpha_best"] = summary.AlphaBest,
            ["predicted_conversions"] = result.PredictedConversions,
            ["predicted_current"] = result.PredictedCurrent,
            ["uplift"] = result.Uplift,
            ["budget_marginal_value"] = result.BudgetMarginalValue,
            ["channels"] = new JsonArray(result.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["channel"] = c.Channel,
                ["optimal_spend"] = c.OptimalSpend,
                ["current_spend"] = c.CurrentSpend,
                ["predicted_conversions"] = c.PredictedConversions,
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
            throw new FormatException($"unknown field '{property.Name}'; known fields: {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}");
        }

        if (root.TryGetProperty("budgets", out var budgets))
        {
            if (budgets.ValueKind != JsonValueKind.Array || budgets.GetArrayLength() == 0)
            {
                throw new FormatException("budgets must be a non-empty list of numbers");
            }

            parameters = parameters with
            {
                Budgets = budgets.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Number && b.GetDouble() > 0
                    ? b.GetDouble()
                    : throw new FormatException($"budgets: {b.GetRawText()} is not a positive number")).ToArray(),
            };
        }

        if (root.TryGetProperty("alpha_mode", out var mode))
        {
            parameters = parameters with { AlphaMode = RunOptions.ParseAlphaMode(String(mode, "alpha_mode"), "alpha_mode") };
        }

        if (root.TryGetProperty("alpha", out var alpha))
        {
            parameters = parameters with { AlphaFixed = Number(alpha, "alpha"), AlphaMode = root.TryGetProperty("alpha_mode", out _) ? parameters.AlphaMode : AlphaMode.Fixed };
        }

        if (root.TryGetProperty("alpha_grid_step", out var step))
        {
            parameters = parameters with { AlphaGridStep = Number(step, "alpha_grid_step") };
        }

        if (root.TryGetProperty("constraints", out var constraints))
        {
            var json = constraints.ValueKind == JsonValueKind.Array ? new JsonObject { ["constraints"] = JsonNode.Parse(constraints.GetRawText()) }.ToJsonString() : constraints.GetRawText();
            ConstraintConfiguration.Parse(json);
            parameters = parameters with { ConstraintsJson = json };
        }

        if (root.TryGetProperty("lookback_days", out var lookback))
        {
            var asOf = root.TryGetProperty("as_of", out var asOfElement) && asOfElement.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(asOfElement.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : now;
            parameters = parameters with { Window = new ExtractWindow(asOf, (int)Number(lookback, "lookback_days")) };
        }
        else if (root.TryGetProperty("as_of", out _))
        {
            throw new FormatException("as_of needs lookback_days (the window is [as_of - lookback_days, as_of))");
        }

        if (root.TryGetProperty("response_mode", out var response))
        {
            parameters = parameters with { ResponseMode = RunOptions.ParseResponseMode(String(response, "response_mode"), "response_mode") };
        }

        if (root.TryGetProperty("kappa", out var kappa))
        {
            parameters = parameters with { Kappa = Number(kappa, "kappa") };
        }

        if (root.TryGetProperty("segments", out var segments))
        {
            parameters = parameters with { Segments = (int)Number(segments, "segments") };
        }

        if (root.TryGetProperty("half_life_days", out var halfLife))
        {
            parameters = parameters with { HalfLifeDays = Number(halfLife, "half_life_days") };
        }

        if (root.TryGetProperty("partitions", out var partitions))
        {
            parameters = parameters with { ExtractPartitions = (int)Number(partitions, "partitions") };
        }

        return parameters;
    }

    private static double Number(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number ? element.GetDouble() : throw new FormatException($"{field} must be a number, found {element.GetRawText()}");

    private static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{field} must be a string, found {element.GetRawText()}");
}

/// <summary><c>latest.json</c> names the last good run: <c>{"run": "YYYYMMDD_HHMMSS", ...}</c>.</summary>
public static class LatestRun
{
    public const string FileName = "latest.json";

    public static async Task<string?> ReadAsync(IArtifactStore store, CancellationToken ct = default)
    {
        var bytes = await store.ReadAsync(FileName, ct);
        if (bytes is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.TryGetProperty("run", out var run) ? run.GetString() : null;
    }
}
