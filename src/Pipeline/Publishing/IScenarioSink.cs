namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Optional second home for the budget scenarios (analytics.budget_scenarios in PostgreSQL).</summary>
public interface IScenarioSink
{
    /// <param name="trigger">How the run was started (<c>weekly</c> or <c>adhoc</c>), as every Parquet row says.</param>
    Task WriteAsync(string scenarioId, string trigger, IReadOnlyList<Domain.Optimisation.BudgetResult> budgets, CancellationToken ct = default);
}
