namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Optional second home for the budget scenarios (analytics.budget_scenarios in PostgreSQL).</summary>
public interface IScenarioSink
{
    Task WriteAsync(string scenarioId, IReadOnlyList<Domain.Optimisation.BudgetResult> budgets, CancellationToken ct = default);
}
