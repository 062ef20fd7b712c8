using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Issue 24's artifacts: <c>response_curves.parquet</c> (and its history table) and the manifest's <c>spend_history</c> when
/// the run read a history; without one, not a byte of any artifact depends on the fitting code.
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class ResponseCurveArtifactTests : IDisposable
{
    private static readonly DateTime Started = new(2026, 12, 7, 6, 0, 0, DateTimeKind.Utc);
    private readonly string _work = MarkovCli.TempPath("curve-artifacts");

    public ResponseCurveArtifactTests() => Directory.CreateDirectory(_work);

    public void Dispose() => CsvRunTests.Delete(_work);

    /// <summary>
    /// Linear and saturating mode: the run with the sample's history writes every file of the run without it byte for byte,
    /// except what only the history adds (summary.json's two keys, the manifest's spend_history, the report's curve section,
    /// the curve alerts) - and with those taken out, those files say the same. The run without history has none of them.
    /// </summary>
    [Theory]
    [InlineData(ResponseMode.Linear)]
    [InlineData(ResponseMode.Saturating)]
    public async Task BuildAsync_WithoutHistory_EveryArtifactIsWhatItWasWithoutTheFit(ResponseMode mode)
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "2000", "--out", _work)).ExitCode);
        var parameters = new RunParameters([8000, 8800], ResponseMode: mode, IntervalReplicates: 20);

        var without = await BuildAsync(parameters, history: false);
        var with = await BuildAsync(parameters, history: true);

        Assert.DoesNotContain(RunArtifacts.ResponseCurves, without.Keys);
        Assert.Contains(RunArtifacts.ResponseCurves, with.Keys);
        Assert.Equal(without.Keys.Append(RunArtifacts.ResponseCurves).Order(StringComparer.Ordinal), with.Keys);
        var differing = without.Keys.Where(name => !without[name].AsSpan().SequenceEqual(with[name])).ToArray();
        Assert.Equal([RunArtifacts.Report, RunArtifacts.Manifest, RunArtifacts.Summary], differing.Order(StringComparer.Ordinal));

        var summaryWithout = JsonNode.Parse(without[RunArtifacts.Summary])!.AsObject();
        var summaryWith = JsonNode.Parse(with[RunArtifacts.Summary])!.AsObject();
        Assert.False(summaryWithout.ContainsKey("response_curves"));
        Assert.False(summaryWithout.ContainsKey("response_curves_holdout"));
        Assert.Equal(8, summaryWith["response_curves"]!.AsArray().Count);
        summaryWith.Remove("response_curves");
        summaryWith.Remove("response_curves_holdout");
        WithoutCurveAlerts(summaryWith);
        Assert.True(JsonNode.DeepEquals(summaryWithout, summaryWith), "summary.json differs beyond the curves");

        var manifestWithout = JsonNode.Parse(without[RunArtifacts.Manifest])!.AsObject();
        var manifestWith = JsonNode.Parse(with[RunArtifacts.Manifest])!.AsObject();
        Assert.False(manifestWithout.ContainsKey("spend_history"));
        Assert.Equal(8 * 104, (int)manifestWith["spend_history"]!["rows"]!);
        Assert.Equal(104, (int)manifestWith["spend_history"]!["weeks"]!);
        manifestWith.Remove("spend_history");
        WithoutCurveAlerts(manifestWith);
        Assert.True(JsonNode.DeepEquals(manifestWithout, manifestWith), "run_manifest.json differs beyond the curves");
    }

    /// <summary>The Parquet file holds summary.json's curves, column for column, and opens in DuckDB; publishing gives it a history table.</summary>
    [Fact]
    public async Task Run_FittedWithHistory_WritesResponseCurvesParquetAndItsHistoryTable()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "2000", "--out", _work)).ExitCode);
        var run = await InProcessCli.RunCsvAsync(_work, "8800", "--intervals", "0", "--response", "fitted", "--history", Path.Combine(_work, "channel_spend_history.csv"));
        Assert.True(run.ExitCode == 0, run.Stderr);

        var folder = MarkovCli.RunFolder(Path.Combine(_work, "out"));
        var runId = Path.GetFileName(folder);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RunArtifacts.Summary)))!["response_curves"]!.AsArray();
        var parquet = Path.Combine(folder, RunArtifacts.ResponseCurves).Replace('\\', '/');
        string[] columns =
        [
            "channel", "status", "reason", "weeks", "adstock_decay", "half_saturation_weekly", "kappa", "kappa_low", "kappa_high", "baseline_weekly",
            "level_weekly", "sse", "r2", "holdout_smape", "holdout_smape_linear", "holdout_smape_assumed", "at_bound",
        ];
        var rows = DuckDbQuery.Rows($"SELECT run_id, {string.Join(", ", columns)} FROM read_parquet('{parquet}') ORDER BY channel");
        Assert.Equal(summary.Count, rows.Count);
        var byChannel = summary.ToDictionary(c => (string)c!["channel"]!, c => c!.AsObject(), StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.Equal(runId, row[0]);
            var curve = byChannel[(string)row[1]!];
            for (var i = 0; i < columns.Length; i++)
            {
                var expected = curve[columns[i]];
                var actual = row[i + 1];
                switch (actual)
                {
                    case null: Assert.Null(expected); break;
                    case double d: Assert.Equal((double)expected!, d); break;
                    case int n: Assert.Equal((int)expected!, n); break;
                    case bool b: Assert.Equal((bool)expected!, b); break;
                    default: Assert.Equal((string)expected!, Convert.ToString(actual, CultureInfo.InvariantCulture)); break;
                }
            }
        }

        Assert.All(rows, r => Assert.Equal("fitted", r[2]));
        var history = Path.Combine(_work, "out", "history", "response_curves", $"run_id={runId}", "part.parquet");
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, RunArtifacts.ResponseCurves)), File.ReadAllBytes(history));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RunArtifacts.Manifest)))!;
        Assert.Equal(832, (int)manifest["spend_history"]!["rows"]!);
    }

    /// <summary>The alerts only a history can raise (MODEL.md section 11): a curve that lost its holdout, or assumed curves.</summary>
    private static void WithoutCurveAlerts(JsonObject json)
    {
        var alerts = json["alerts"]!.AsArray();
        foreach (var alert in alerts.Where(a => ((string)a!).StartsWith("response curve", StringComparison.Ordinal)).ToArray())
        {
            alerts.Remove(alert);
        }
    }

    private async Task<SortedDictionary<string, byte[]>> BuildAsync(RunParameters parameters, bool history)
    {
        var performance = PerformanceCsvReader.Read(Path.Combine(_work, "channel_performance.csv"));
        var counts = JourneyCsvReader.Count(Path.Combine(_work, "journeys.csv"), parameters.HalfLifeDays, bootstrapGroups: parameters.Intervals.CountingGroups);
        var spend = history ? SpendHistoryCsvReader.Read(Path.Combine(_work, "channel_spend_history.csv")) : null;
        var outcome = MarkovEngine.Run(counts, performance, parameters.ToSettings(), history: spend);
        var context = new RunContext("20261207_060000_0123abcd", "instance", "weekly", Started, Started.AddMinutes(1), [], parameters);
        return await RunArtifacts.BuildAsync(outcome, performance, context);
    }
}
