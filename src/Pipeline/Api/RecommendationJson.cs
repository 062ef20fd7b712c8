using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>The answer of <c>GET /api/recommendation</c>: one budget's plan from a run, with its intervals when the run has them.</summary>
public static class RecommendationJson
{
    /// <param name="source"><c>run</c> when the run solved this budget, <c>solved_on_demand</c> when it was solved for the request.</param>
    /// <param name="goal">The goal the budget was solved under (docs/MODEL.md section 5.1).</param>
    public static JsonObject ToJson(string run, double budget, string source, GoalSettings goal, RunSummary summary, SummaryBudget result) =>
        new()
        {
            ["run"] = run,
            ["budget"] = budget,
            ["source"] = source,
            ["goal"] = goal.Goal.Text(),
            ["target"] = goal.Target,
            ["total_spend"] = result.TotalSpend ?? (result.Status == SolveStatus.Optimal ? result.Channels.Sum(c => c.OptimalSpend) : null),
            ["predicted_value"] = result.PredictedValue,
            ["cpa"] = result.Cpa,
            ["roas"] = result.Roas,
            ["objective"] = result.Objective,
            ["status"] = result.Status.Text(),
            ["reasons"] = JsonSerializer.SerializeToNode(result.Reasons, RunSummary.JsonOptions),
            ["alpha_best"] = summary.AlphaBest,
            ["predicted_conversions"] = result.PredictedConversions,
            ["predicted_current"] = result.PredictedCurrent,
            ["uplift"] = result.Uplift,
            ["budget_marginal_value"] = result.BudgetMarginalValue,
            ["uncertainty"] = summary.Uncertainty is null ? null : JsonSerializer.SerializeToNode(summary.Uncertainty, RunSummary.JsonOptions),
            ["predicted_conversions_low"] = result.PredictedConversionsLow,
            ["predicted_conversions_high"] = result.PredictedConversionsHigh,
            ["uplift_low"] = result.UpliftLow,
            ["uplift_high"] = result.UpliftHigh,
            ["beats_current_share"] = result.BeatsCurrentShare,
            ["channels"] = new JsonArray(result.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["channel"] = c.Channel,
                ["optimal_spend"] = c.OptimalSpend,
                ["current_spend"] = c.CurrentSpend,
                ["predicted_conversions"] = c.PredictedConversions,
                ["optimal_spend_low"] = c.OptimalSpendLow,
                ["optimal_spend_high"] = c.OptimalSpendHigh,
                ["at_min"] = c.AtMin,
                ["at_max"] = c.AtMax,
                ["value_per_conversion"] = c.ValuePerConversion,
                ["reason"] = c.Reason is null ? null : JsonSerializer.SerializeToNode(c.Reason, RunSummary.JsonOptions),
            }).ToArray()),
            ["moves"] = JsonSerializer.SerializeToNode(result.Moves ?? [], RunSummary.JsonOptions),
            ["binding_constraints"] = new JsonArray(result.Constraints.Where(c => c.Binding).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["bound"] = c.Bound,
                ["dual"] = c.Dual,
            }).ToArray()),
        };
}
