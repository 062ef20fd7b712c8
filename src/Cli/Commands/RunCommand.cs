using System.CommandLine;
using System.Globalization;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Cli.Commands;

/// <summary><c>markov run</c>: the whole model on CSV files, written as one run folder.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var journeys = new Option<string>("--journeys") { Description = "customer_journeys as CSV." };
        var performance = new Option<string>("--performance") { Description = "channel_performance as CSV." };
        var budgets = new Option<string?>("--budgets") { Description = "Comma-separated monthly budgets, e.g. 30000,60000 (database mode: overrides Run__Budgets)." };
        var groups = new Option<string?>("--groups") { Description = "Share constraints as JSON (full or short form)." };
        var alphaMode = new Option<string>("--alpha-mode") { Description = "search (default) or fixed.", DefaultValueFactory = _ => "search" };
        var alpha = new Option<double?>("--alpha") { Description = "Alpha in [0, 1] for --alpha-mode fixed." };
        var halfLife = new Option<double>("--half-life") { Description = "Time-decay half-life in days.", DefaultValueFactory = _ => 7 };
        var response = new Option<string>("--response") { Description = "linear (default), saturating (assumed kappa) or fitted (kappa learned from --history) response curves.", DefaultValueFactory = _ => "linear" };
        var history = new Option<string?>("--history") { Description = "channel_spend_history as CSV (week_start, channel, spend, conversions): each channel's curve is fitted from it." };
        var kappaOverrides = new Option<string?>("--kappa-overrides") { Description = "Per-channel kappa as JSON, e.g. {\"Email\": 2} (the assumed kappa of saturating and fitted mode)." };
        var kappa = new Option<double>("--kappa") { Description = "Saturating mode: half-saturation scale as a multiple of current spend.", DefaultValueFactory = _ => 1 };
        var segments = new Option<int>("--segments") { Description = "Saturating mode: linear segments per curve.", DefaultValueFactory = _ => 16 };
        var intervals = new Option<int>("--intervals") { Description = "Bootstrap replicates for the 95 % intervals; 0 turns them off.", DefaultValueFactory = _ => IntervalSettings.DefaultReplicates };
        var intervalSeed = new Option<int>("--interval-seed") { Description = "Seed of the bootstrap (the same data and seed give the same intervals).", DefaultValueFactory = _ => IntervalSettings.DefaultSeed };
        var goal = new Option<string>("--goal") { Description = "What each budget's LP pursues: conversions (default), value, profit, target_cpa, target_roas or target_conversions.", DefaultValueFactory = _ => "conversions" };
        var target = new Option<double?>("--target") { Description = "The target of target_cpa (T), target_roas (R) or target_conversions (N)." };
        var order = new Option<string>("--order") { Description = "Order of the Markov chain, 1-4, or auto to choose it on held-out customers.", DefaultValueFactory = _ => "1" };
        var output = new Option<string?>("--out") { Description = "CSV mode: artifact root for the run folder, history/ and latest.json (new, empty, or written by earlier runs)." };
        var publishLatest = new Option<bool>("--publish-latest") { Description = "Host mode: make this run the recommendation of record (move latest.json), as the weekly run does. CSV mode always moves the --out root's latest.json." };
        var (url, key) = ServiceCommands.HostOptions();
        var command = new Command("run", "Run attribution, calibration and the budget LPs on CSV files and write a run folder; without --journeys, start a run on a Functions host and follow it.")
        {
            journeys, performance, history, budgets, groups, alphaMode, alpha, halfLife, response, kappa, kappaOverrides, segments, intervals, intervalSeed, goal, target, order, output, publishLatest, url, key,
        };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            var journeysPath = result.GetValue(journeys);
            if (journeysPath is null)
            {
                // Database mode: the app on a Functions host reads PostgreSQL, orchestrates and publishes.
                using var client = HostClient.From(result.GetValue(url), result.GetValue(key));
                return await client.RunAsync(result.GetValue(budgets) is { } list ? RunOptions.ParseBudgets(list, "--budgets") : null, result.GetValue(publishLatest), ct);
            }

            var performancePath = result.GetValue(performance) ?? throw new UsageException("--performance is required with --journeys");
            var groupsPath = result.GetValue(groups);
            var parameters = new RunParameters(
                RunOptions.ParseBudgets(result.GetValue(budgets) ?? throw new UsageException("--budgets is required in CSV mode"), "--budgets"),
                AlphaModeOf(result, alphaMode, alpha),
                result.GetValue(alpha),
                Constraints: groupsPath is null ? null : await ReadGroupsAsync(groupsPath, ct),
                ResponseMode: ResponseModeText.Parse(result.GetValue(response)!, "--response"),
                Kappa: result.GetValue(kappa),
                KappaOverrides: RunOptions.ParseKappaOverrides(result.GetValue(kappaOverrides), "--kappa-overrides"),
                Segments: result.GetValue(segments),
                HalfLifeDays: result.GetValue(halfLife),
                ExtractPartitions: 1,
                IntervalReplicates: result.GetValue(intervals),
                IntervalSeed: result.GetValue(intervalSeed),
                Goal: GoalText.Parse(result.GetValue(goal)!, "--goal"),
                GoalTarget: result.GetValue(target),
                Order: MarkovOrder.Parse(result.GetValue(order)!, "--order"));
            return await RunCsvAsync(journeysPath, performancePath, parameters, result.GetValue(output) ?? throw new UsageException("--out is required in CSV mode"), ct, result.GetValue(history));
        }));
        return command;
    }

    /// <param name="historyPath">channel_spend_history as CSV; null when there is none.</param>
    public static async Task<int> RunCsvAsync(string journeysPath, string performancePath, RunParameters parameters, string outputPath, CancellationToken ct = default, string? historyPath = null)
    {
        parameters.Validate();
        var alerts = AlertSettingsFromEnvironment();
        var root = ArtifactRoot.Open(outputPath);
        var rootIsNew = !Directory.Exists(root);
        var started = DateTime.UtcNow;
        // No orchestration instance here: a fresh id per CLI run keeps run ids unique as in the app.
        var instanceId = "cli-" + Guid.NewGuid().ToString("N");
        var runId = RunIds.Create(started, instanceId);
        var timings = new List<StepTiming>();

        var stepStart = DateTime.UtcNow;
        var table = PerformanceCsvReader.Read(performancePath);
        var spendHistory = historyPath is null ? null : SpendHistoryCsvReader.Read(historyPath);
        var counts = JourneyCsvReader.Count(journeysPath, parameters.HalfLifeDays, ct: ct, bootstrapGroups: parameters.Intervals.CountingGroups, order: parameters.Order);
        timings.Add(new StepTiming("extract", stepStart, DateTime.UtcNow));

        stepStart = DateTime.UtcNow;
        var outcome = MarkovEngine.Run(counts, table, parameters.ToSettings(), alerts.Thresholds, spendHistory);
        timings.Add(new StepTiming("model", stepStart, DateTime.UtcNow));

        // The app's publish, into a directory: the same run folder, history copies, drift and alerts.
        var store = new LocalDirectoryArtifactStore(root);
        var publisher = new ArtifactRunPublisher(store, Options.Create(new ArtifactsOptions()), Options.Create(alerts), NullLogger<ArtifactRunPublisher>.Instance);
        var context = new RunContext(runId, instanceId, "cli", started, DateTime.UtcNow, timings, parameters);
        PublishedRun published;
        try
        {
            published = await publisher.PublishAsync(outcome, table, context, ct);
        }
        catch
        {
            // Interrupted or failed: take back the half-written run (latest.json never moved to it).
            await new RunFolderWriter(store).RemoveUnfinishedRunAsync(runId, CancellationToken.None);
            if (rootIsNew && Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
            {
                Directory.Delete(root);
            }

            throw;
        }

        PrintSummary(outcome with { Alerts = published.Alerts }, counts.Rows, DateTime.UtcNow - started, Path.Combine(root, runId));
        return ExitCodes.Success;
    }

    /// <summary>The app's <c>Alerts__*</c> settings, read from the environment here too.</summary>
    private static AlertOptions AlertSettingsFromEnvironment()
    {
        var alerts = new AlertOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(AlertOptions.Section).Bind(alerts);
        var problems = alerts.Problems().ToList();
        return problems.Count == 0 ? alerts : throw new UsageException(string.Join("; ", problems));
    }

    /// <summary>
    /// <c>--alpha</c> alone means that alpha (as <c>"alpha"</c> does in the HTTP API); with
    /// <c>--alpha-mode search</c> it would be ignored, so that is refused rather than dropped.
    /// </summary>
    private static AlphaMode AlphaModeOf(ParseResult result, Option<string> alphaMode, Option<double?> alpha) =>
        AlphaSettings.ModeFor(
            result.GetResult(alphaMode) is { Implicit: false } ? AlphaModeText.Parse(result.GetValue(alphaMode)!, "--alpha-mode") : null,
            result.GetValue(alpha));

    private static async Task<ConstraintConfiguration> ReadGroupsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--groups {path}: file does not exist");
        }

        return ConstraintConfiguration.Parse(await File.ReadAllTextAsync(path, ct));
    }

    private static void PrintSummary(RunOutcome outcome, long rows, TimeSpan elapsed, string directory)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"{rows:N0} journey rows, {outcome.Counts.Journeys:N0} journeys, {outcome.Counts.ConvertedJourneys:N0} converted (baseline {outcome.Attribution.BaselineConversion:P2})"));
        Console.WriteLine(string.Create(culture, $"alpha* {outcome.Calibration.AlphaBest:0.00}, SMAPE {outcome.Calibration.SmapeBest:0.000}"));
        foreach (var budget in outcome.Budgets)
        {
            Console.WriteLine(budget.IsOptimal
                ? string.Create(culture, $"budget {budget.Budget:N0}: {budget.PredictedConversions:N1} conversions, uplift {budget.Uplift:+0.0%;-0.0%}")
                : string.Create(culture, $"budget {budget.Budget:N0}: {budget.Status.Text()}: {string.Join("; ", budget.Reasons)}"));
            if (budget.Goal is { TotalSpend: { } spend } reached)
            {
                Console.WriteLine(string.Create(culture, $"  {reached.Goal}{(reached.Target is { } t ? $" {t:#,0.###}" : "")}: spend {spend:N0}, value {reached.PredictedValue:N0}, CPA {reached.Cpa:N2}, ROAS {reached.Roas:N3}"));
            }

            if (budget.Moves is { Count: > 0 } moves)
            {
                Console.WriteLine($"  top move: {moves[0].Text}");
            }

            if (outcome.Intervals?.Budgets.FirstOrDefault(b => b.Budget == budget.Budget) is { Uplift: { } uplift } interval)
            {
                Console.WriteLine(string.Create(culture, $"  95 %: uplift {uplift.Low:+0.0%;-0.0%} to {uplift.High:+0.0%;-0.0%}; beats today's mix in {interval.BeatsCurrentShare:P0} of {outcome.Intervals.Replicates} replicates"));
            }
        }

        foreach (var curve in outcome.Curves?.Channels ?? [])
        {
            Console.WriteLine(curve.Headline());
        }

        foreach (var warning in outcome.Warnings)
        {
            Console.WriteLine($"warning: {warning}");
        }

        foreach (var alert in outcome.Alerts)
        {
            Console.WriteLine($"alert: {alert}");
        }

        Console.WriteLine(string.Create(culture, $"run folder: {directory} ({elapsed.TotalSeconds:0.0} s)"));
        Console.WriteLine($"report: {Path.Combine(directory, RunArtifacts.Report)}");
    }
}
