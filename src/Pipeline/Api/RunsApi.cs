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
/// <param name="cache">The app's one <see cref="RunReadCache"/>; without one, this instance keeps its own.</param>
public sealed partial class RunsApi(
    IOrchestrationGateway gateway, IArtifactStore store, IOptions<RunOptions> defaults, TimeProvider clock, ILogger<RunsApi>? logger = null, RunReadCache? cache = null)
{
    /// <summary>The largest request body accepted, in bytes: a run request is a few hundred bytes; 64 KiB leaves room for many rules.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest id accepted in <c>GET /api/runs/{id}</c> (the orchestration instance id <c>POST /api/runs</c> answered).</summary>
    public const int MaxInstanceIdLength = 100;

    private static readonly JsonSerializerOptions Json = RunSummary.JsonOptions;

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    private readonly RunFolderReader _runs = new(store);

    private readonly RunReadCache _cache = cache ?? new RunReadCache();

    /// <summary><c>POST /api/runs</c>: starts an ad hoc run; the body may override the configured defaults.</summary>
    public async Task<ApiResponse> StartRunAsync(string? body, string baseUrl, CancellationToken ct = default)
    {
        if (body is not null && (body.Length > MaxBodyBytes || Encoding.UTF8.GetByteCount(body) > MaxBodyBytes))
        {
            return TooLarge();
        }

        RunParameters parameters;
        bool publishLatest;
        try
        {
            parameters = RunRequest.Parse(body, defaults.Value, clock.GetUtcNow());
            parameters.Validate();
            publishLatest = RunRequest.PublishLatest(body);
        }
        catch (Exception ex) when (ex is ConfigurationException or JsonException or FormatException or InputValidationException)
        {
            return ApiResponse.Error(400, ex is JsonException ? $"the request body is not valid JSON: {ex.Message}" : ex.Message);
        }

        var id = await gateway.StartAsync(new PipelineInput(PipelineInput.AdhocTrigger, parameters) { PublishLatest = publishLatest }, null, ct);
        var statusUrl = $"{baseUrl.TrimEnd('/')}/api/runs/{Uri.EscapeDataString(id)}";
        return new ApiResponse(
            202,
            new JsonObject { ["id"] = id, ["status_url"] = statusUrl, ["recommendation_url"] = $"{baseUrl.TrimEnd('/')}/api/recommendation", [RunRequest.PublishLatestField] = publishLatest },
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

        string run;
        RecommendationModel model;
        try
        {
            var named = await _runs.WhichRunAsync(plan.Run, ct);
            if (named is null)
            {
                return ApiResponse.Error(404, "no run has been published yet");
            }

            // Read once per run, and without the request's token: other requests may be waiting for the same read.
            model = await _cache.ModelAsync(named, plan.Run is null ? latest => _runs.LatestModelAsync(latest, CancellationToken.None) : ModelNamedAsync);
            run = named;
        }
        catch (RunNotFoundException ex)
        {
            return ApiResponse.Error(404, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            var problem = ex is JsonException ? $"an artifact of the run is not valid JSON: {ex.Message}" : ex.Message;
            EvaluateRunUnusable(_logger, problem);
            return ApiResponse.Error(503, $"the run cannot be read: {problem}");
        }

        try
        {
            return new ApiResponse(200, PlanEvaluationJson.ToJson(run, await _cache.EvaluatedAsync(run, plan.Spend, plan.Goal, () => model.Evaluate(plan.Spend, plan.Goal))));
        }
        catch (Exception ex) when (ex is ConfigurationException or InputValidationException)
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

        if (id.Length > MaxInstanceIdLength)
        {
            return ApiResponse.Error(400, string.Create(CultureInfo.InvariantCulture, $"a run id is at most {MaxInstanceIdLength} characters; this one has {id.Length:N0}"));
        }

        var status = await gateway.GetAsync(id, ct);
        if (status is null)
        {
            return ApiResponse.Error(404, $"no run with id {FieldParser.Shown(id)}");
        }

        // Which run BI, the recommendation and evaluate read: an ad hoc run is not it unless it asked to be.
        var answer = JsonSerializer.SerializeToNode(status, Json)!.AsObject();
        string? latest = null;
        try
        {
            latest = await _runs.WhichRunAsync(ct: ct);
        }
        catch (InvalidDataException)
        {
            // A broken latest.json is reported by the recommendation API; this run is then not the one of record.
        }

        answer[RecommendationOfRecordField] = status.Output?.RunId is { } run && run == latest;
        return new ApiResponse(200, answer);
    }

    /// <summary>On every recommendation: <c>miss</c> when this request computed the answer, <c>hit</c> when it was served from <see cref="RunReadCache"/>.</summary>
    public const string CacheHeader = "X-Markov-Cache";

    /// <summary>The run-status field that says whether latest.json names this run.</summary>
    public const string RecommendationOfRecordField = "recommendation_of_record";

    /// <summary><c>GET /api/recommendation?budget=65000</c>: from the latest good run, solved on demand for a new budget.</summary>
    public Task<ApiResponse> GetRecommendationAsync(string? budgetText, CancellationToken ct = default) => GetRecommendationAsync(budgetText, null, null, ct);

    /// <summary>
    /// <c>GET /api/recommendation?budget=65000&amp;goal=target_cpa&amp;target=60</c>: the run's own budget when it
    /// solved this budget under this goal (the run's goal when none is named), else solved on demand;
    /// either way with why each channel got its money and the top moves (docs/MODEL.md section 5.2).
    /// </summary>
    public async Task<ApiResponse> GetRecommendationAsync(string? budgetText, string? goalText, string? targetText, CancellationToken ct = default)
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

        GoalSettings? goal;
        try
        {
            goal = RequestedGoal(goalText, targetText);
        }
        catch (ConfigurationException ex)
        {
            return ApiResponse.Error(400, ex.Message);
        }

        // latest.json is edited by hand to roll back: a broken one is the operator's to fix, so it is
        // answered with 503 and what to fix, and logged, never a bare 500.
        string? latest;
        SummaryBudget result;
        string source;
        RunSummary summary;
        bool computed;
        try
        {
            latest = await _runs.WhichRunAsync(ct: ct);
            if (latest is null)
            {
                return ApiResponse.Error(404, "no run has been published yet");
            }

            // latest.json is read on every request (above); what its run holds is read, and each answer computed, once per run.
            var read = summary = await _cache.SummaryAsync(latest, run => _runs.LatestSummaryAsync(run, CancellationToken.None));
            var model = await _cache.ModelAsync(latest, run => _runs.LatestModelAsync(run, CancellationToken.None));
            var asked = goal ??= model.RunGoal;
            ((result, source), computed) = await _cache.RecommendationAsync(latest, budget, asked, () =>
            {
                if (read.Budgets.FirstOrDefault(b => b.Budget == budget) is { } inRun && asked == model.RunGoal)
                {
                    return (Explained(inRun, model), "run");
                }

                var solved = model.Solve(budget, asked);
                return (SummaryBudget.From(solved, model.IntervalsFor(solved, asked)), "solved_on_demand");
            });
        }
        catch (Exception ex) when (ex is ConfigurationException or InputValidationException)
        {
            return ApiResponse.Error(400, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            var problem = ex is JsonException ? $"an artifact of the latest run is not valid JSON: {ex.Message}" : ex.Message;
            LatestRunUnusable(_logger, problem);
            return ApiResponse.Error(503, $"the latest run cannot be read: {problem}");
        }

        return new ApiResponse(
            200,
            RecommendationJson.ToJson(latest, budget, source, goal, summary, result),
            new Dictionary<string, string> { [CacheHeader] = computed ? "miss" : "hit" });
    }

    /// <summary>The goal a query names, checked (bounds and messages of <see cref="GoalSettings.Validate"/>); null when it names none.</summary>
    private static GoalSettings? RequestedGoal(string? goalText, string? targetText)
    {
        if (string.IsNullOrWhiteSpace(goalText) && string.IsNullOrWhiteSpace(targetText))
        {
            return null;
        }

        double? target = null;
        if (!string.IsNullOrWhiteSpace(targetText))
        {
            target = double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
                ? t
                : throw new ConfigurationException($"target {FieldParser.Shown(targetText)} is not a number");
        }

        var goal = new GoalSettings(string.IsNullOrWhiteSpace(goalText) ? Goal.Conversions : GoalText.Parse(goalText, "goal"), target);
        goal.Validate();
        return goal;
    }

    /// <summary>A budget of a run that wrote no reasons (the default goal keeps its artifacts as they were): the model's re-solve says why.</summary>
    private static SummaryBudget Explained(SummaryBudget budget, RecommendationModel model)
    {
        if (budget.Status != SolveStatus.Optimal || budget.Moves is not null)
        {
            return budget;
        }

        var solved = model.Solve(budget.Budget);
        var reasons = solved.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        return budget with
        {
            Channels = budget.Channels.Select(c => c with
            {
                Reason = reasons.GetValueOrDefault(c.Channel)?.Reason,
                ValuePerConversion = c.ValuePerConversion ?? reasons.GetValueOrDefault(c.Channel)?.ValuePerConversion,
            }).ToArray(),
            Moves = solved.Moves,
        };
    }

    /// <summary>The model of a run named by id; a run that is not there (or has no model) is not kept.</summary>
    private async Task<RecommendationModel> ModelNamedAsync(string run) =>
        await _runs.ReadAsync(run, RecommendationModel.FileName, CancellationToken.None) is { } modelBytes
            ? RunFolderReader.Model(modelBytes, run)
            : throw new RunNotFoundException($"no run {FieldParser.Shown(run)} (or it has no {RecommendationModel.FileName})");

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

    /// <summary>A run named in a request that has no folder (or no model): a 404, not a broken run.</summary>
    private sealed class RunNotFoundException(string message) : Exception(message);
}
