using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Publishing;
using Npgsql;
using NpgsqlTypes;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// The optional copy of the budget scenarios in <c>analytics.budget_scenarios</c>, written with the
/// writer role. An upsert on (scenario_id, budget, channel): publishing the same run again changes nothing. Each row
/// carries the run's <c>trigger</c> (sql/001_schema.sql adds the column to a table made before it).
/// </summary>
public sealed class PostgresScenarioSink(NpgsqlDataSource writer) : IScenarioSink
{
    private const string Upsert = """
        INSERT INTO analytics.budget_scenarios (scenario_id, budget, channel, optimal_spend, predicted_conversions, spend_change_pct, "trigger")
        VALUES (@scenario, @budget, @channel, @spend, @predicted, @change, @trigger)
        ON CONFLICT (scenario_id, budget, channel) DO UPDATE
        SET optimal_spend = EXCLUDED.optimal_spend,
            predicted_conversions = EXCLUDED.predicted_conversions,
            spend_change_pct = EXCLUDED.spend_change_pct,
            "trigger" = EXCLUDED."trigger"
        """;

    public Task WriteAsync(string scenarioId, string trigger, IReadOnlyList<BudgetResult> budgets, CancellationToken ct = default) =>
        PostgresFailures.ClassifyAsync(async () =>
        {
            await UpsertAsync(scenarioId, trigger, budgets, ct).ConfigureAwait(false);
            return true;
        });

    private async Task UpsertAsync(string scenarioId, string trigger, IReadOnlyList<BudgetResult> budgets, CancellationToken ct)
    {
        await using var connection = await writer.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var budget in budgets.Where(b => b.IsOptimal))
        {
            foreach (var channel in budget.Channels)
            {
                var command = new NpgsqlBatchCommand(Upsert);
                command.Parameters.AddWithValue("scenario", scenarioId);
                command.Parameters.AddWithValue("budget", NpgsqlDbType.Numeric, PostgresLoader.ExactDecimal(budget.Budget));
                command.Parameters.AddWithValue("channel", channel.Channel);
                command.Parameters.AddWithValue("spend", NpgsqlDbType.Numeric, PostgresLoader.ExactDecimal(channel.OptimalSpend));
                command.Parameters.AddWithValue("predicted", NpgsqlDbType.Numeric, PostgresLoader.ExactDecimal(channel.PredictedConversions));
                command.Parameters.AddWithValue("change", NpgsqlDbType.Numeric, channel.SpendChangePct is { } change ? PostgresLoader.ExactDecimal(change) : DBNull.Value);
                command.Parameters.AddWithValue("trigger", trigger);
                batch.BatchCommands.Add(command);
            }
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        await batch.DisposeAsync();
    }
}
