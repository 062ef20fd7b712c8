using System.CommandLine;
using MarkovFunctions.LocalHost.Local;

namespace MarkovFunctions.LocalHost.Commands;

/// <summary><c>markov status</c>, <c>markov recommend</c>, <c>markov seed</c>: the local views of a durable run.</summary>
public static class ServiceCommands
{
    public static Command Status()
    {
        var id = new Option<string?>("--id") { Description = "Instance id (default: this ISO week's weekly run)." };
        var settings = new Option<string?>("--settings") { Description = "A local.settings.json to read." };
        var command = new Command("status", "Show an orchestration's status and result.") { id, settings };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(() => DatabaseRun.StatusAsync(LocalSettings.Load(result.GetValue(settings)), result.GetValue(id), ct)));
        return command;
    }

    public static Command Recommend()
    {
        var budget = new Option<string>("--budget") { Description = "Monthly budget, e.g. 65000.", Required = true };
        var settings = new Option<string?>("--settings") { Description = "A local.settings.json to read." };
        var command = new Command("recommend", "The recommendation for a budget from the latest good run (solved on demand if the run did not include it).") { budget, settings };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(() => DatabaseRun.RecommendAsync(LocalSettings.Load(result.GetValue(settings)), result.GetRequiredValue(budget), ct)));
        return command;
    }

    public static Command Serve()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        var key = new Option<string?>("--key") { Description = "The function key requests must carry (default: a new random key, printed)." };
        var settings = new Option<string?>("--settings") { Description = "A local.settings.json to read." };
        var command = new Command("serve", "Serve the Functions app's HTTP API (POST /api/runs, GET /api/runs/{id}, GET /api/recommendation) on 127.0.0.1.") { port, key, settings };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(async () =>
        {
            await using var pipeline = await LocalPipeline.StartAsync(LocalSettings.Load(result.GetValue(settings)), ct: ct);
            var functionKey = result.GetValue(key) ?? LocalApiServer.NewKey();
            await using var server = await LocalApiServer.StartAsync(pipeline, result.GetValue(port), functionKey, ct);
            Console.WriteLine($"serving {server.BaseUrl}/api (send x-functions-key: {(result.GetValue(key) is null ? functionKey : "<the key you gave>")}); Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        }));
        return command;
    }

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
            return ExitCodes.Success;
        }));
        return command;
    }
}
