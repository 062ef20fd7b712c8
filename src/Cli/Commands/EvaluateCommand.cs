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
        var modelPath = Path.Combine(runDirectory, RecommendationModel.FileName);
        var latestPath = Path.Combine(runDirectory, ArtifactPaths.LatestPointer);
        if (!File.Exists(modelPath) && File.Exists(latestPath))
        {
            // An artifact root (the --out of markov run, ./processed): its latest good run.
            modelPath = Path.Combine(runDirectory, LatestRunPointer.Parse(await File.ReadAllBytesAsync(latestPath, ct)).Run, RecommendationModel.FileName);
        }

        if (!File.Exists(modelPath))
        {
            throw new UsageException($"--run {runDirectory}: no {RecommendationModel.FileName} there (give a run folder, or an artifact root with latest.json)");
        }

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

        var model = JsonSerializer.Deserialize<RecommendationModel>(await File.ReadAllBytesAsync(modelPath, ct), RunSummary.JsonOptions)
            ?? throw new UsageException($"--run {runDirectory}: {RecommendationModel.FileName} is empty");
        var evaluation = model.Evaluate(request.Spend);
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
