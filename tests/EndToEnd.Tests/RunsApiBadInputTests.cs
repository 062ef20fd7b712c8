using CsCheck;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// The HTTP API handler (<see cref="RunsApi"/>, which the Functions app routes to) on the Durable Task
/// SDK's in-process test host and a run folder store on disk: every bad request gets a 4xx (or 503) with a message, never a 500.
/// </summary>
public sealed class RunsApiBadInputTests : IAsyncLifetime
{
    private readonly string _root = MarkovCli.TempPath("api");
    private readonly RecordingLoggerProvider _logs = new();
    private ServiceProvider _services = null!;
    private DurableTaskTestHost _engine = null!;
    private RunsApi _api = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddLogging(l => l.AddProvider(_logs)).BuildServiceProvider();

        // No orchestrator is registered: a run the handler accepts is scheduled for real and then fails, which these tests do not look at.
        // A port the kernel says is free: the test host's own pick (random in 30000-40000) can meet a port in use.
        _engine = await DurableTaskTestHost.StartAsync(_ => { }, new DurableTaskTestHostOptions { Port = RecordingWebhook.FreePort() });
        _api = new RunsApi(
            new DurableClientGateway(_engine.Client),
            new LocalDirectoryArtifactStore(_root),
            Options.Create(new RunOptions { ["Budgets"] = "30000" }),
            TimeProvider.System,
            _services.GetRequiredService<ILogger<RunsApi>>());
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _services.DisposeAsync();
        CsvRunTests.Delete(_root);
    }

    [Theory]
    [InlineData("""{"publish_latest": "yes"}""", "publish_latest must be true or false, found \"yes\"")]
    [InlineData("""{"publish_latest": 1}""", "publish_latest must be true or false, found 1")]
    public async Task StartRun_PublishLatestNotABoolean_400NamingTheField(string body, string error)
    {
        var response = await _api.StartRunAsync(body, "http://127.0.0.1");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(error, Error(response));
    }

    [Fact]
    public async Task StartRun_TenMegabyteChannelName_413WithShortMessage()
    {
        var body = $$"""{"constraints": [{"name": "Big", "channels": ["{{new string('x', 10_000_000)}}"], "min_share": 0.1}]}""";

        var response = await _api.StartRunAsync(body, "http://127.0.0.1");

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("the request body is larger than 64 KiB, the largest accepted", Error(response));
    }

    [Fact]
    public async Task StartRun_OversizedStream_413WithoutReadingIt()
    {
        using var stream = new EndlessStream();

        var response = await _api.StartRunAsync(stream, "http://127.0.0.1");

        Assert.Equal(413, response.StatusCode);
        Assert.Equal(RunsApi.MaxBodyBytes + 1, stream.Served);
    }

    [Fact]
    public async Task StartRun_StreamBody_IsAccepted()
    {
        using var stream = new MemoryStream("""{"budgets": [30000, 45000]}"""u8.ToArray());

        var response = await _api.StartRunAsync(stream, "http://127.0.0.1");

        Assert.Equal(202, response.StatusCode);
        Assert.NotNull(await new DurableClientGateway(_engine.Client).GetAsync(response.Body["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"lookback_days": 1e12}""", "lookback_days must be a whole number from 1 to 36,500, found 1e12")]
    [InlineData("""{"lookback_days": 7.5}""", "lookback_days must be a whole number from 1 to 36,500, found 7.5")]
    [InlineData("""{"segments": 1e12}""", "segments must be a whole number from 1 to 200, found 1e12")]
    [InlineData("""{"segments": 201}""", "segments must be a whole number from 1 to 200, found 201")]
    [InlineData("""{"intervals": 10001}""", "intervals must be a whole number from 0 to 10,000, found 10001")]
    [InlineData("""{"alpha_grid_step": 1e-6}""", "alpha_grid_step: 1E-06 is below 0.01, the finest accepted (at most 101 alphas)")]
    [InlineData("""{"alpha_grid_step": 1e-9}""", "alpha_grid_step: 1E-09 is below 0.01, the finest accepted (at most 101 alphas)")]
    [InlineData("""{"budgets": [1e-300]}""", "budgets: 1E-300 is below 1E-06, the smallest accepted")]
    [InlineData("""{"response_mode": "saturating", "segments": 200, "intervals": 10000, "budgets": [1000, 2000]}""", "intervals: intervals × budgets × segments = 10,000 × 2 × 200 = 4,000,000 is above 400,000, the most LP work the intervals step accepts (fewer intervals, budgets or segments)")]
    [InlineData("""{"partitions": -1}""", "partitions must be a whole number from 1 to 256, found -1")]
    [InlineData("""{"lookback_days": 7, "as_of": 5}""", "as_of must be an ISO 8601 timestamp in a string, e.g. \"2026-01-31T00:00:00Z\", found 5")]
    [InlineData("""{"lookback_days": 7, "as_of": "soon"}""", "as_of must be an ISO 8601 timestamp in a string, e.g. \"2026-01-31T00:00:00Z\", found \"soon\"")]
    [InlineData("""{"budgets": [1e300]}""", "budgets: 1E+300 is above 1E+15, the largest accepted")]
    [InlineData("""{"budgets": [-5]}""", "budgets: -5 is not a positive number")]
    [InlineData("""{"budgets": [5000, 5000]}""", "budgets: 5000 is listed twice")]
    [InlineData("""{"alpha": 2}""", "fixed alpha 2 must lie in [0, 1]")]
    public async Task StartRun_BadField_400NamingTheField(string body, string message)
    {
        var response = await _api.StartRunAsync(body, "http://127.0.0.1");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(message, Error(response));
    }

    [Fact]
    public async Task StartRun_FiveThousandBudgets_400NamingTheListAndTheLimit()
    {
        var body = $$"""{"budgets": [{{string.Join(", ", Enumerable.Range(1, 5_000).Select(b => b * 10))}}]}""";

        var response = await _api.StartRunAsync(body, "http://127.0.0.1");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("budgets: 5,000 budgets is more than 50, the most one run solves (run the others in a second run)", Error(response));
    }

    [Fact]
    public async Task StartRun_LongUnknownField_MessageIsCut()
    {
        var response = await _api.StartRunAsync($$"""{"{{new string('k', 50_000)}}": 1}""", "http://127.0.0.1");

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith($"unknown field '{new string('k', 100)}…' (50,000 characters); known fields: ", Error(response));
    }

    [Fact]
    public async Task GetRun_IdOf101Characters_SaysHowLongItMayBe()
    {
        var response = await _api.GetRunAsync(new string('r', 101));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("a run id is at most 100 characters; this one has 101", Error(response));
    }

    [Theory]
    [InlineData("{\"run\": ", "latest.json is not valid JSON (")]
    [InlineData("""{"run": 5}""", "latest.json is not valid JSON (")]
    [InlineData("""{"files": []}""", "latest.json names no run, which is no run id; expected {\"run\": \"YYYYMMDD_HHMMSS_xxxxxxxx\", \"files\": [...]}")]
    [InlineData("""{"run": "last week"}""", "latest.json names 'last week', which is no run id; expected {\"run\": \"YYYYMMDD_HHMMSS_xxxxxxxx\", \"files\": [...]}")]
    [InlineData("""{"run": "20261116_110000"}""", "latest.json names run 20261116_110000, which has no summary.json (point it at a run folder that exists)")]
    public async Task GetRecommendation_BrokenLatestJson_503SayingWhatToFixAndLogged(string latest, string problem)
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, "latest.json"), latest);

        var response = await _api.GetRecommendationAsync("30000");

        Assert.Equal(503, response.StatusCode);
        Assert.StartsWith($"the latest run cannot be read: {problem}", Error(response));
        Assert.Contains(_logs.Lines, line => line.StartsWith($"Error MarkovFunctions.Pipeline.Api.RunsApi: GET /api/recommendation: the latest run cannot be read: {problem}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-5", "budget '-5' is not a positive number")]
    [InlineData("0", "budget '0' is not a positive number")]
    [InlineData("1e300", "budget '1e300' is above 1E+15, the largest accepted")]
    [InlineData("NaN", "budget 'NaN' is not a number")]
    public async Task GetRecommendation_BudgetOutOfRange_400FromTheOneCheckAtTheEdge(string budget, string message)
    {
        // The query is the budget's only check on this route: the solver itself no longer checks it.
        var response = await _api.GetRecommendationAsync(budget);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(message, Error(response));
    }

    [Theory]
    [InlineData(null, 400, "the request body must be a plan")]
    [InlineData("{spend:", 400, "the plan is not valid JSON")]
    [InlineData("[1]", 400, "the plan must be a JSON object")]
    [InlineData("""{"budget": 5}""", 400, "unknown field 'budget'; known fields: run, spend")]
    [InlineData("""{"run": "x"}""", 400, "the plan needs \"spend\"")]
    [InlineData("""{"spend": [5]}""", 400, "spend must be an object of channel: amount")]
    [InlineData("""{"spend": {"Email": null}}""", 400, "spend for 'Email' must be a finite number, found null")]
    [InlineData("""{"run": "../secrets", "spend": {}}""", 400, "run '../secrets' is not a run id")]
    [InlineData("""{"run": 5, "spend": {}}""", 400, "run must be a run id in a string")]
    [InlineData("""{"spend": {}}""", 404, "no run has been published yet")]
    [InlineData("""{"run": "20261116_110000", "spend": {}}""", 404, "no run '20261116_110000'")]
    public async Task Evaluate_BadPlanOrNoRun_4xxNamingIt(string? body, int status, string message)
    {
        var response = await _api.EvaluateAsync(body);

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith(message, Error(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_EndlessBodyOrBrokenLatestJson_413Or503()
    {
        using var endless = new EndlessStream();
        var tooLarge = await _api.EvaluateAsync(endless);
        Assert.Equal(413, tooLarge.StatusCode);
        Assert.Equal(RunsApi.MaxBodyBytes + 1, endless.Served);

        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, "latest.json"), """{"run": "20261116_110000"}""");
        var broken = await _api.EvaluateAsync("""{"spend": {}}""");
        Assert.Equal(503, broken.StatusCode);
        Assert.Equal("the run cannot be read: latest.json names run 20261116_110000, which has no recommendation_model.json (point it at a run folder that exists)", Error(broken));
        Assert.Contains(_logs.Lines, line => line.StartsWith("Error MarkovFunctions.Pipeline.Api.RunsApi: POST /api/evaluate: the run cannot be read: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_RandomBodiesAndQueries_NeverAnswer500()
    {
        var fields = Gen.OneOf<string>("budgets", "alpha", "alpha_mode", "constraints", "lookback_days", "as_of", "segments", "partitions", "kappa", "half_life_days", "response_mode", "alpha_grid_step", "x");
        var values = Gen.OneOf(
            Gen.OneOf<string>("1e12", "-1", "0", "0.5", "1e308", "1e400", "null", "true", "\"\"", "\"fixed\"", "\"2026-01-01\"", "[]", "[1e308]", "[-5]", "[30000]", "{}", "{\"PAID\": [\"Email\"]}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
            Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
            Gen.Int[0, 100_000].Select(n => $"\"{new string('x', n)}\""));
        var wellFormed = Gen.Select(fields, values).Array[0, 4].Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\": {p.Item2}")) + "}");
        var body = Gen.OneOf(
            wellFormed,
            Gen.String,
            wellFormed.Select(Gen.Int[0, 60], (text, cut) => text[..Math.Min(text.Length, cut)]),
            Gen.Int[60_000, 70_000].Select(n => new string('[', n)),
            Gen.Const((string)null!));
        var query = Gen.OneOf(Gen.String, Gen.OneOf<string>("1e400", "-0", "NaN", "1e16", "65000", " 1 ", "0x10"), Gen.Int[0, 20_000].Select(n => new string('9', n)));
        var requests = 0;

        await Gen.Select(body, query, Gen.String).SampleAsync(
            async (text, budget, id) =>
            {
                requests += 4;
                await Within400s(_api.StartRunAsync(text, "http://127.0.0.1"), 202);
                await Within400s(_api.EvaluateAsync(text), 200);
                await Within400s(_api.GetRecommendationAsync(budget), 200);
                await Within400s(_api.GetRunAsync(id), 200);
            },
            seed: "0N0XIzNsQ0O2",
            iter: 240,
            threads: 1);

        Assert.Equal(960, requests);
    }

    private static async Task Within400s(Task<ApiResponse> request, int success)
    {
        var response = await request;
        Assert.True(response.StatusCode == success || response.StatusCode is >= 400 and < 500, $"status {response.StatusCode}: {response.Body.ToJsonString()}");
        if (response.StatusCode >= 400)
        {
            Assert.True(Error(response).Length is > 0 and <= 2_000, $"an error of {Error(response).Length} characters");
        }
    }

    private static string Error(ApiResponse response) => response.Body["error"]!.GetValue<string>();

    /// <summary>A request body that never ends, counting what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
