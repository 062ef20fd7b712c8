using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Domain.Sampling;

namespace MarkovFunctions.Cli.Commands;

/// <summary><c>markov sample</c>: synthetic journeys and channel performance from a known chain.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers to simulate (about 2.6 journey rows each).", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same files.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Directory to write journeys.csv, channel_performance.csv, channel_spend_history.csv, budgets.txt and the truths (true_removal_effects.json, true_response_curves.json) into.", Required = true };
        var command = new Command("sample", "Write synthetic sample data (journeys.csv, channel_performance.csv, channel_spend_history.csv, budgets.txt and the truths behind them).") { customers, seed, output };
        command.SetAction((result, ct) => ExitCodes.GuardAsync(() => RunAsync(result.GetValue(customers), result.GetValue(seed), result.GetRequiredValue(output), ct)));
        return command;
    }

    public static async Task<int> RunAsync(int customers, int seed, string outputPath, CancellationToken ct = default)
    {
        if (customers < 1)
        {
            throw new UsageException($"--customers {customers} must be 1 or more");
        }

        var watch = Stopwatch.StartNew();
        var generator = new SampleDataGenerator(seed);
        using var output = OutputDirectory.Begin(outputPath);
        var rows = await WriteJourneysAsync(generator, customers, Path.Combine(output.Staging, "journeys.csv"), ct);
        WritePerformance(generator, customers, Path.Combine(output.Staging, "channel_performance.csv"));
        var truths = SpendHistoryGenerator.SampleTruths(generator.Performance(customers));
        WriteHistory(SpendHistoryGenerator.SampleHistory(generator.Performance(customers), seed), Path.Combine(output.Staging, "channel_spend_history.csv"));
        await File.WriteAllBytesAsync(
            Path.Combine(output.Staging, "true_response_curves.json"),
            JsonSerializer.SerializeToUtf8Bytes(new { seed, channels = truths }, RunSummary.JsonOptions),
            ct);
        var budgets = BudgetList(customers);
        await File.WriteAllTextAsync(Path.Combine(output.Staging, "budgets.txt"), budgets + "\n", ct);
        var truth = generator.TrueAttribution();
        var effects = new
        {
            seed,
            customers,
            baseline_conversion = truth.BaselineConversion,
            channels = truth.Channels.Select(c => new { channel = c.Channel, removal_effect = c.RemovalEffect, removal_weight = c.RemovalWeight }),
        };
        await File.WriteAllBytesAsync(Path.Combine(output.Staging, "true_removal_effects.json"), JsonSerializer.SerializeToUtf8Bytes(effects, RunSummary.JsonOptions), ct);
        output.Commit();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {rows:N0} journey rows for {customers:N0} customers to {output.Target} in {watch.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine($"sample budgets: {budgets}");
        return ExitCodes.Success;
    }

    /// <summary>The sample's budgets (fractions of its own spend) as a comma-separated list, as --budgets and Run__Budgets take it.</summary>
    public static string BudgetList(int customers) =>
        string.Join(',', SampleDataGenerator.Budgets(customers).Select(b => b.ToString(CultureInfo.InvariantCulture)));

    private static Task<long> WriteJourneysAsync(SampleDataGenerator generator, int customers, string path, CancellationToken ct)
    {
        using var writer = CsvWriter.ToFile(path, null);
        writer.WriteHeader(["customer_id", "journey_step", "channel", "timestamp", "converted", "conversion_value", "customer_segment"]);
        long rows = 0;
        foreach (var row in generator.Journeys(customers))
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            writer.WriteField(row.CustomerId);
            writer.WriteField(row.JourneyStep, default);
            writer.WriteField(row.Channel);
            writer.WriteField(row.TimestampUtc, "yyyy-MM-dd'T'HH:mm:ss'Z'");
            writer.WriteField(row.Converted ? "true" : "false");
            writer.WriteField(row.ConversionValue, default);
            writer.WriteField(row.CustomerSegment);
            writer.EndRecord();
        }

        return Task.FromResult(rows);
    }

    private static void WriteHistory(IReadOnlyList<SpendWeek> rows, string path)
    {
        using var writer = CsvWriter.ToFile(path, null);
        writer.WriteHeader([SpendHistory.Columns.WeekStart, SpendHistory.Columns.Channel, SpendHistory.Columns.Spend, SpendHistory.Columns.Conversions]);
        foreach (var row in rows)
        {
            writer.WriteField(row.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteField(row.Channel);
            writer.WriteField(row.Spend, default);
            writer.WriteField(row.Conversions, default);
            writer.EndRecord();
        }
    }

    private static void WritePerformance(SampleDataGenerator generator, int customers, string path)
    {
        using var writer = CsvWriter.ToFile(path, null);
        writer.WriteHeader(["channel", "current_monthly_spend", "conversions_attributed", "cost_per_conversion", "min_monthly_spend", "max_monthly_spend", "conversion_rate_per_1000"]);
        foreach (var row in generator.Performance(customers))
        {
            writer.WriteField(row.Channel);
            writer.WriteField(row.CurrentMonthlySpend, default);
            writer.WriteField(row.ConversionsAttributed, default);
            writer.WriteField(row.CostPerConversion, default);
            writer.WriteField(row.MinMonthlySpend, default);
            writer.WriteField(row.MaxMonthlySpend, default);
            writer.WriteField(row.ConversionRatePer1000, default);
            writer.EndRecord();
        }
    }
}
