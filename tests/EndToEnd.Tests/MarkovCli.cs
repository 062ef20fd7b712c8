using System.Diagnostics;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Runs the real `markov` command in a child process, as a user would, and captures what it says.</summary>
public static class MarkovCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string CasesRoot => Path.Combine(AppContext.BaseDirectory, "Cases");

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child only (settings such as <c>Alerts__SmapeThreshold</c>).</param>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var assembly = typeof(Cli.Commands.RunCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>`markov run` on a case folder; budgets and groups come from the case.</summary>
    public static Task<Result> RunCaseAsync(string caseDirectory, string output, params string[] extra)
    {
        var args = new List<string>
        {
            "run",
            "--journeys", Path.Combine(caseDirectory, "journeys.csv"),
            "--performance", Path.Combine(caseDirectory, "channel_performance.csv"),
            "--budgets", File.ReadAllText(Path.Combine(caseDirectory, "budgets.txt")).Trim(),
            "--out", output,
        };
        var groups = Path.Combine(caseDirectory, "groups.json");
        if (File.Exists(groups))
        {
            args.AddRange(["--groups", groups]);
        }

        args.AddRange(extra);
        return RunAsync([.. args]);
    }

    /// <summary>The run folder <c>latest.json</c> names under an artifact root (what <c>markov run --out ROOT</c> wrote last).</summary>
    public static string RunFolder(string root)
    {
        using var latest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "latest.json")));
        return Path.Combine(root, latest.RootElement.GetProperty("run").GetString()!);
    }

    public static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"markov-test-{name}-{Guid.NewGuid():N}");
}
