using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Cli.Commands;

/// <summary><c>markov evaluate</c>: what a spend plan gives under a run folder's model, which rules it breaks, and the optimum at its total.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A run folder, or an artifact root (the --out of markov run, ./processed) for its latest good run.", Required = true };
        var plan = new Option<string>("--plan") { Description = "The plan as JSON: {\"spend\": {\"Email\": 5000, ...}}; channels left out keep today's spend.", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the evaluation (JSON) here; without it, it goes to stdout." };
        var command = new Command("evaluate", "Evaluate a spend plan on a run's model: predicted conversions, broken bounds and share rules, and the optimum at the same total.")
        {
            run, plan, output,
        };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(() => RunAsync(result.GetRequiredValue(run), result.GetRequiredValue(plan), result.GetValue(output), ct)));
        return command;
    }

    public static async Task<int> RunAsync(string runDirectory, string planPath, string? outputPath, CancellationToken ct = default)
    {
        var model = await ReadModelAsync(runDirectory, ct);
        if (!File.Exists(planPath))
        {
            throw new UsageException($"--plan {planPath}: file does not exist");
        }

        PlanRequest request;
        try
        {
            request = PlanRequest.Parse(await File.ReadAllTextAsync(planPath, ct), allowRun: false);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--plan {planPath}: {ex.Message}");
        }

        var evaluation = model.Evaluate(request.Spend, request.Goal);
        var json = PlanEvaluationJson.ToJson(model.RunId, evaluation).ToJsonString(RunSummary.JsonOptions);
        if (outputPath is null)
        {
            Console.WriteLine(json);
            return ExitCodes.Success;
        }

        await File.WriteAllTextAsync(outputPath, json, ct);
        Print(evaluation, outputPath);
        return ExitCodes.Success;
    }

    /// <summary>A run folder's model, or an artifact root's (the --out of markov run, ./processed) latest good run's, read as the API reads its store.</summary>
    private static async Task<RecommendationModel> ReadModelAsync(string runDirectory, CancellationToken ct)
    {
        try
        {
            var modelPath = Path.Combine(runDirectory, RecommendationModel.FileName);
            if (File.Exists(modelPath))
            {
                return RunFolderReader.Model(await File.ReadAllBytesAsync(modelPath, ct), runDirectory);
            }

            var runs = new RunFolderReader(new LocalDirectoryArtifactStore(runDirectory));
            if (Directory.Exists(runDirectory) && await runs.WhichRunAsync(ct: ct) is { } latest)
            {
                return await runs.LatestModelAsync(latest, ct);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"--run {runDirectory}: {ex.Message}");
        }

        throw new UsageException($"--run {runDirectory}: no {RecommendationModel.FileName} there (give a run folder, or an artifact root with latest.json)");
    }

    private static void Print(PlanEvaluation evaluation, string outputPath)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture, $"plan: {evaluation.TotalSpend:N0} spend, {evaluation.PredictedConversions:N1} conversions (today: {evaluation.PredictedCurrent:N1})"));
        foreach (var violation in evaluation.Violations)
        {
            Console.WriteLine(string.Create(culture, $"breaks {violation.Name}: limit {violation.Limit:N0}, plan {violation.Value:N0}, gap {violation.Gap:N0}"));
        }

        var optimum = evaluation.Optimum;
        Console.WriteLine(optimum.PredictedConversions is { } best
            ? string.Create(culture, $"optimum at {evaluation.TotalSpend:N0}: {best:N1} conversions ({optimum.Gap:+0.0;-0.0} , {optimum.GapPct:+0.0%;-0.0%})")
            : $"optimum at this total: {optimum.Status.Text()}: {string.Join("; ", optimum.Reasons)}");
        Console.WriteLine($"evaluation: {outputPath}");
    }
}
