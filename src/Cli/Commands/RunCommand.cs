using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
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
        var history = new Option<string?>("--history") { Description = "channel_spend_history as CSV (week_start, channel, spend, conversions): each channel's curve is fitted from it." };
        // One flag per catalogued run option that the CLI offers (RunOptionCatalog: name, default, reader).
        var runOptions = RunOptionCatalog.All.Where(o => o.Flag is not null).ToDictionary(o => o, FlagOf);
        var output = new Option<string?>("--out") { Description = "CSV mode: artifact root for the run folder, history/ and latest.json (new, empty, or written by earlier runs)." };
        var publishLatest = new Option<bool>("--publish-latest") { Description = "Host mode: make this run the recommendation of record (move latest.json), as the weekly run does. CSV mode always moves the --out root's latest.json." };
        var (url, key) = ServiceCommands.HostOptions();
        var command = new Command("run", "Run attribution, calibration and the budget LPs on CSV files and write a run folder; without --journeys, start a run on a Functions host and follow it.")
        {
            journeys, performance, history, output, publishLatest, url, key,
        };
        foreach (var flag in runOptions.Values)
        {
            command.Options.Add(flag);
        }

        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            var journeysPath = result.GetValue(journeys);
            if (journeysPath is null)
            {
                // Database mode: the app on a Functions host reads PostgreSQL, orchestrates and publishes.
                using var client = HostClient.From(result.GetValue(url), result.GetValue(key));
                var fields = new JsonObject();
                foreach (var (option, flag) in runOptions)
                {
                    if (result.GetValue(flag) is { } given)
                    {
                        var text = option.FlagIsFile ? await ReadFlagFileAsync(flag.Name, given, ct) : given;
                        fields[option.Field ?? throw new UsageException($"{flag.Name} applies to CSV mode only (--journeys): a request cannot set it")] = RequestValue(option, text, flag.Name);
                    }
                }

                return await client.RunAsync(fields, result.GetValue(publishLatest), ct);
            }

            var performancePath = result.GetValue(performance) ?? throw new UsageException("--performance is required with --journeys");
            if (result.GetValue(runOptions[RunOptionCatalog.Budgets]) is null)
            {
                throw new UsageException("--budgets is required in CSV mode");
            }

            var texts = new Dictionary<RunOption, string?>();
            foreach (var (option, flag) in runOptions)
            {
                texts[option] = result.GetValue(flag) is { } given && option.FlagIsFile ? await ReadFlagFileAsync(flag.Name, given, ct) : result.GetValue(flag);
            }

            // CSV mode reads one file: no extract partitions.
            var parameters = RunOptionCatalog.FromText(o => texts.GetValueOrDefault(o), o => o.Flag!, DateTimeOffset.UtcNow) with { ExtractPartitions = 1 };
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
        // Run ids sort by start millisecond (RunIds), so a run started just after the last sorts after it.
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

        // Counting leaves its partitions' buffers and tallies behind, many of them large objects that only a
        // full collection frees; collected and compacted once here, before the model allocates its own, they
        // no longer add to the run's peak memory (docs/MODEL.md section 12, Cost). One collection, tens of ms.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();

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
    private static Option<string?> FlagOf(RunOption option) =>
        new(option.Flag!) { Description = option.Description + (option.Default is { } value ? $" Default: {value}." : string.Empty) };

    /// <summary>A flag's text as the request field carries it, read (and so checked) by the option's own reader first.</summary>
    private static JsonNode? RequestValue(RunOption option, string text, string flag) => option.FromText(text, flag) switch
    {
        IReadOnlyList<double> list => new JsonArray([.. list.Select(b => (JsonNode)b)]),
        double number => number,
        int whole => whole,
        _ when option.FlagIsFile => JsonNode.Parse(text),
        _ => text.Trim(),
    };

    private static async Task<string> ReadFlagFileAsync(string flag, string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new UsageException($"{flag} {path}: file does not exist");

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
