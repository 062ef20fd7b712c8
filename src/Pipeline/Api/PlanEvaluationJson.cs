using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>The answer of <c>markov evaluate</c> and <c>POST /api/evaluate</c>: the evaluation in snake_case, led by the run it used.</summary>
public static class PlanEvaluationJson
{
    public static JsonObject ToJson(string run, PlanEvaluation evaluation)
    {
        var body = new JsonObject { ["run"] = run };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(evaluation, RunSummary.JsonOptions)!.AsObject().ToArray())
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }
}
