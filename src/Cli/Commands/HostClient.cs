using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Cli.Commands;

/// <summary>
/// <c>markov run</c> (without <c>--journeys</c>), <c>markov status</c> and <c>markov recommend</c>: a
/// client of the Functions app's HTTP API on a running host (scripts/func-start, or Azure), so the
/// runs they start and show are the deployed app's own.
/// </summary>
public sealed class HostClient(Uri baseUrl, string functionKey) : IDisposable
{
    private static readonly JsonSerializerOptions Json = RunSummary.JsonOptions;
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, DefaultRequestHeaders = { { "x-functions-key", functionKey } } };

    public static HostClient From(string? url, string? key)
    {
        var text = url ?? Environment.GetEnvironmentVariable("MARKOV_URL") ?? "http://127.0.0.1:7071";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url '{text}' is not an http(s) URL, e.g. http://127.0.0.1:7071");
        }

        var functionKey = key ?? Environment.GetEnvironmentVariable("MARKOV_FUNCTION_KEY");
        if (string.IsNullOrWhiteSpace(functionKey))
        {
            throw new UsageException("a function key is required: --key or MARKOV_FUNCTION_KEY (scripts/func-start prints it)");
        }

        return new HostClient(baseUrl, functionKey);
    }

    /// <summary>
    /// Starts a run with the app's configured defaults (budgets overridden when given), follows it, prints the result.
    /// With <paramref name="publishLatest"/> the run becomes the recommendation of record (moves latest.json).
    /// </summary>
    /// <param name="fields">The run options given, as <c>POST /api/runs</c> fields (the host applies its defaults to the rest).</param>
    public async Task<int> RunAsync(JsonObject fields, bool publishLatest = false, CancellationToken ct = default)
    {
        var body = fields.DeepClone().AsObject();
        if (publishLatest)
        {
            body[RunRequest.PublishLatestField] = true;
        }

        // A body of known length: the Functions host passes a chunked request body to the worker as empty.
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var started = await _http.PostAsync("api/runs", content, ct);
        var answer = await ReadAsync(started, ct);
        if (started.StatusCode != HttpStatusCode.Accepted)
        {
            return Refused(started, answer);
        }

        var id = answer["id"]!.GetValue<string>();
        Console.WriteLine($"run {id} started on {_http.BaseAddress}");
        var status = await FollowAsync(id, ct);
        if (status.RuntimeStatus != "Completed" || status.Output?.Published is not { } published)
        {
            await Console.Error.WriteLineAsync($"run {id} {status.RuntimeStatus.ToLowerInvariant()}: {status.Failure}");
            return ExitCodes.Failure;
        }

        Print(published);
        if (status.Warning is { } warning)
        {
            await Console.Error.WriteLineAsync($"warning: {warning}");
        }

        return ExitCodes.Success;
    }

    public async Task<int> StatusAsync(string id, CancellationToken ct = default) =>
        await PrintAsync($"api/runs/{Uri.EscapeDataString(id)}", ct);

    /// <param name="goal">Forwarded as the query's goal when given; the host checks it (and the target) and names what is wrong.</param>
    public async Task<int> RecommendAsync(string budget, string? goal = null, string? target = null, CancellationToken ct = default) =>
        await PrintAsync(
            $"api/recommendation?budget={Uri.EscapeDataString(budget)}{(goal is null ? "" : $"&goal={Uri.EscapeDataString(goal)}")}{(target is null ? "" : $"&target={Uri.EscapeDataString(target)}")}",
            ct);

    public void Dispose() => _http.Dispose();

    /// <summary>Polls the run, printing each step as the orchestration reaches it.</summary>
    private async Task<RunStatus> FollowAsync(string id, CancellationToken ct)
    {
        string? lastStep = null;
        while (true)
        {
            using var response = await _http.GetAsync($"api/runs/{Uri.EscapeDataString(id)}", ct);
            response.EnsureSuccessStatusCode();
            var status = (await response.Content.ReadFromJsonAsync<RunStatus>(Json, ct))!;
            if (status.Step is { } step && step != lastStep)
            {
                Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} {step}");
                lastStep = step;
            }

            if (status.RuntimeStatus is "Completed" or "Failed" or "Terminated")
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private static void Print(PublishedRun published)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"run {published.RunId}: alpha* {published.AlphaBest:0.00}, SMAPE {published.SmapeBest:0.000}, {published.RuntimeSeconds:0.0} s"));
        foreach (var budget in published.Budgets)
        {
            Console.WriteLine(budget.Status == SolveStatus.Optimal
                ? string.Create(culture, $"  budget {budget.Budget:N0}: {budget.PredictedConversions:N1} conversions, uplift {budget.Uplift:+0.0%;-0.0%}{(budget is { UpliftLow: { } low, UpliftHigh: { } high } ? string.Create(culture, $" (95 %: {low:+0.0%;-0.0%} to {high:+0.0%;-0.0%})") : string.Empty)}{(budget.BindingConstraints.Count > 0 ? $", binding: {string.Join(", ", budget.BindingConstraints)}" : string.Empty)}")
                : string.Create(culture, $"  budget {budget.Budget:N0}: {budget.Status.Text()}: {string.Join("; ", budget.Reasons)}"));
        }

        foreach (var curve in published.Curves ?? [])
        {
            Console.WriteLine($"  {curve}");
        }

        foreach (var alert in published.Alerts)
        {
            Console.WriteLine($"  alert: {alert}");
        }

        Console.WriteLine($"artifacts: {published.Location}/");
        if (published.ReportLink is not null)
        {
            Console.WriteLine($"report: {published.ReportLink}");
        }
    }

    private async Task<int> PrintAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        var body = await ReadAsync(response, ct);
        if (!response.IsSuccessStatusCode)
        {
            return Refused(response, body);
        }

        Console.WriteLine(body.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ExitCodes.Success;
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject { ["error"] = InputValidationException.Prefix(text, 500).ToString() };
        }
    }

    /// <summary>4xx: the request was wrong (exit 2, the app's own message); anything else is a failure.</summary>
    private static int Refused(HttpResponseMessage response, JsonNode body)
    {
        var message = body["error"]?.GetValue<string>() ?? body.ToJsonString();
        Console.Error.WriteLine(response.StatusCode == HttpStatusCode.Unauthorized
            ? "error: the host refused the function key (401)"
            : $"error: {(int)response.StatusCode} {message}");
        return (int)response.StatusCode is >= 400 and < 500 ? ExitCodes.BadInput : ExitCodes.Failure;
    }
}
