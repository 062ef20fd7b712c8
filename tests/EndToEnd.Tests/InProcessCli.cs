using MarkovFunctions.Cli.Commands;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Tests that run the `markov` command line in this process, with the console captured: hundreds of
/// runs cost seconds instead of a process each. The console is global, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessCliCollection
{
    public const string Name = "In-process CLI";
}

/// <summary>Runs <see cref="MarkovCommandLine"/> as Program.cs does, and captures what it writes.</summary>
public static class InProcessCli
{
    private static readonly SemaphoreSlim Console1 = new(1, 1);

    public static async Task<MarkovCli.Result> RunAsync(params string[] args)
    {
        await Console1.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        try
        {
            using var capturedOut = new StringWriter();
            using var capturedErr = new StringWriter();
            Console.SetOut(capturedOut);
            Console.SetError(capturedErr);
            var code = await MarkovCommandLine.RunAsync(args);
            return new MarkovCli.Result(code, capturedOut.ToString(), capturedErr.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Console1.Release();
        }
    }

    /// <summary>`markov run` on journeys and performance files in <paramref name="work"/>, into work/out.</summary>
    public static Task<MarkovCli.Result> RunCsvAsync(string work, string budgets = "3000", params string[] extra) =>
        RunAsync(
        [
            "run", "--journeys", Path.Combine(work, "journeys.csv"), "--performance", Path.Combine(work, "channel_performance.csv"),
            "--budgets", budgets, "--out", Path.Combine(work, "out"), .. extra,
        ]);
}
