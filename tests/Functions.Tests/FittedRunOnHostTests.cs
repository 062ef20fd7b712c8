using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Pipeline.Csv;
using Npgsql;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// Issue 24 on the real Functions host: a run in response mode fitted reads dw4.channel_spend_history from PostgreSQL
/// (the FitResponseCurves activity), plans on the fitted curves, and publishes them: every number equals the Domain's fit
/// of the same rows, read here with plain SQL.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class FittedRunOnHostTests(FunctionsAppFixture app)
{
    private BlobContainerClient Container => new(app.Azurite.ConnectionString, FunctionsAppFixture.Container);

    [Fact]
    public async Task StartRun_FittedFromPostgres_PublishesTheDomainsFitOfTheSameRowsAndPlansOnIt()
    {
        var run = await FunctionsAppFixture.RunToEndAsync(app.Host, """{"response_mode": "fitted", "budgets": [15000, 20000], "intervals": 20}""", TimeSpan.FromMinutes(8));
        Assert.True(run.RuntimeStatus == "Completed", run.Status.ToJsonString());

        var files = await RunFolders.DownloadAsync(Container, run.RunId);
        var summary = JsonNode.Parse(files["summary.json"])!;
        Assert.Equal("fitted", (string)summary["response_mode"]!);

        // The Domain's fit of the rows in the table, read independently of the app's reader.
        var rows = new List<SpendWeek>();
        await using (var connection = new NpgsqlConnection(app.Postgres.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT week_start, channel, spend::float8, conversions::float8 FROM dw4.channel_spend_history", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new SpendWeek(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3)));
            }
        }

        var performance = PerformanceCsvReader.Read(Path.Combine(app.CsvDirectory, "channel_performance.csv"));
        var expected = ResponseCurveFitter.Fit(SpendHistory.Create(rows), performance, new ResponseSettings(ResponseMode.Fitted, Kappa: 1));
        var curves = summary["response_curves"]!.AsArray();
        Assert.Equal(expected.Channels.Select(c => c.Channel), curves.Select(c => (string)c!["channel"]!));
        foreach (var (fit, curve) in expected.Channels.Zip(curves))
        {
            Assert.Equal("fitted", (string)curve!["status"]!);
            Assert.Equal(fit.Weeks, (int)curve["weeks"]!);
            foreach (var (name, value) in new (string, double?)[]
            {
                ("kappa", fit.Kappa), ("kappa_low", fit.KappaLow), ("kappa_high", fit.KappaHigh), ("adstock_decay", fit.AdstockDecay),
                ("half_saturation_weekly", fit.HalfSaturationWeekly), ("baseline_weekly", fit.BaselineWeekly), ("level_weekly", fit.LevelWeekly),
                ("r2", fit.R2), ("holdout_smape", fit.HoldoutSmape), ("holdout_smape_linear", fit.HoldoutSmapeLinear), ("holdout_smape_assumed", fit.HoldoutSmapeAssumed),
            })
            {
                Assert.True(Math.Abs((double)curve[name]! - value!.Value) <= 1e-9 * Math.Abs(value.Value), $"{fit.Channel} {name}: {(double)curve[name]!} against the Domain's {value}");
            }
        }

        Assert.Equal(expected.Holdout!.Fitted, (double)summary["response_curves_holdout"]!["fitted"]!, 9);

        // The plan is the saturating LP on those curves (cautious: MODEL.md section 11): the published model carries their kappas.
        var model = JsonNode.Parse(files["recommendation_model.json"])!;
        foreach (var fit in expected.Channels)
        {
            Assert.Equal(fit.Kappa, (double)model["response"]!["fitted_kappas"]![fit.Channel]!, 9);

            // … and the ends of each 95 % interval, on which the LP plans the cautious curve (MODEL.md section 11).
            Assert.Equal(fit.KappaLow!.Value, (double)model["response"]!["fitted_kappa_intervals"]![fit.Channel]!["low"]!, 9);
            Assert.Equal(fit.KappaHigh!.Value, (double)model["response"]!["fitted_kappa_intervals"]![fit.Channel]!["high"]!, 9);
        }

        Assert.Equal(20, model["intervals"]!["models"]!.AsArray().Count);
        Assert.NotNull(summary["budgets"]![0]!["predicted_conversions_low"]);

        // The Parquet artifact and its history table, and the rows read in the manifest.
        Assert.Equal(expected.Channels.Count, RunFolders.ParquetValues(files["response_curves.parquet"]).Count);
        Assert.True((await Container.GetBlobClient($"history/response_curves/run_id={run.RunId}/part.parquet").ExistsAsync()).Value);
        var manifest = JsonNode.Parse(files["run_manifest.json"])!;
        Assert.Equal(rows.Count, (int)manifest["spend_history"]!["rows"]!);
        Assert.Equal(104, (int)manifest["spend_history"]!["weeks"]!);
        var report = System.Text.Encoding.UTF8.GetString(files["report.html"]);
        Assert.Contains("id=\"response-curves\"", report, StringComparison.Ordinal);

        // One chart per fitted channel: the weekly points reached the publish from the run's work area, and the work area is gone.
        var section = report[report.IndexOf("id=\"response-curves\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Equal(expected.Channels.Count(c => c.IsFitted), section.Split("<figure class=\"chart\">").Length - 1);
        Assert.False((await Container.GetBlobClient($"work/{run.RunId}/curves.json").ExistsAsync()).Value);

        // The 20 replicate models above reached the publish from the work area too, and that file is gone as well.
        Assert.Equal(performance.Rows.Count, model["intervals"]!["models"]![0]!["removal_weights"]!.AsArray().Count);
        Assert.False((await Container.GetBlobClient($"work/{run.RunId}/intervals.json").ExistsAsync()).Value);
    }
}
