using System.CommandLine;

namespace MarkovFunctions.Cli.Commands;

/// <summary><c>markov status</c> and <c>markov recommend</c> (clients of a running Functions host) and <c>markov seed</c>.</summary>
public static class ServiceCommands
{
    public static Command Status()
    {
        var id = new Option<string>("--id") { Description = "Run (orchestration instance) id, as POST /api/runs answered.", Required = true };
        var (url, key) = HostOptions();
        var command = new Command("status", "Show a run's status and result (GET /api/runs/{id} on a running Functions host).") { id, url, key };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            using var client = HostClient.From(result.GetValue(url), result.GetValue(key));
            return await client.StatusAsync(result.GetRequiredValue(id), ct);
        }));
        return command;
    }

    public static Command Recommend()
    {
        var budget = new Option<string>("--budget") { Description = "Monthly budget, e.g. 65000.", Required = true };
        var goal = new Option<string?>("--goal") { Description = "The goal to solve the budget under (docs/MODEL.md section 5.1; default the run's): conversions, value, profit, target_cpa, target_roas or target_conversions. The host checks it." };
        var target = new Option<string?>("--target") { Description = "The target of target_cpa, target_roas or target_conversions. The host checks it." };
        var (url, key) = HostOptions();
        var command = new Command("recommend", "The recommendation for a budget from the latest good run (GET /api/recommendation on a running Functions host).") { budget, goal, target, url, key };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            using var client = HostClient.From(result.GetValue(url), result.GetValue(key));
            return await client.RecommendAsync(result.GetRequiredValue(budget), result.GetValue(goal), result.GetValue(target), ct);
        }));
        return command;
    }

    /// <summary>Where the Functions host is: options, else MARKOV_URL and MARKOV_FUNCTION_KEY.</summary>
    public static (Option<string?> Url, Option<string?> Key) HostOptions() => (
        new Option<string?>("--url") { Description = "Base URL of the Functions host (default: MARKOV_URL, else http://127.0.0.1:7071)." },
        new Option<string?>("--key") { Description = "Function key (default: MARKOV_FUNCTION_KEY; scripts/func-start prints it)." });

    public static Command Seed()
    {
        var customers = new Option<int>("--customers") { Description = "Customers to simulate.", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var connection = new Option<string>("--connection") { Description = "Connection string of the schema owner (not the read-only role).", Required = true };
        var command = new Command("seed", "Replace dw4 in PostgreSQL with generated sample data (binary COPY).") { customers, seed, connection };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            await using var db = new Npgsql.NpgsqlConnection(result.GetRequiredValue(connection));
            await db.OpenAsync(ct);
            var rows = await Pipeline.Postgres.PostgresLoader.LoadSampleAsync(db, result.GetValue(customers), result.GetValue(seed), ct);
            Console.WriteLine($"loaded {rows:N0} journey rows for {result.GetValue(customers):N0} customers into dw4");
            Console.WriteLine($"sample budgets: {SampleCommand.BudgetList(result.GetValue(customers))}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
