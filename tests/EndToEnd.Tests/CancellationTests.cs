using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// `markov run` in a child process, stopped by a signal while it reads journeys: it exits with the
/// signal's code and leaves no spill file (they hold customer ids) and no partial run folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CancellationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("markov-cancel.").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(ProcessSignals.Interrupt, 130)]
    [InlineData(ProcessSignals.Terminate, 143)]
    public async Task Signal_DuringExtract_ExitsWithItsCodeAndLeavesNothing(int signal, int expectedExit)
    {
        var journeys = Path.Combine(_root, "journeys.csv");
        WriteJourneys(journeys, customers: 1_000_000);
        var temp = Directory.CreateDirectory(Path.Combine(_root, "tmp")).FullName;
        var outParent = Directory.CreateDirectory(Path.Combine(_root, "runs")).FullName;

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Cli.Commands.RunCommand).Assembly.Location);
        foreach (var arg in new[]
        {
            "run", "--journeys", journeys, "--performance", Path.Combine(MarkovCli.CasesRoot, "a_three_journeys", "channel_performance.csv"),
            "--budgets", "30000", "--out", Path.Combine(outParent, "first"),
        })
        {
            start.ArgumentList.Add(arg);
        }

        // The child's temp folder is this test's, so its spill folder can be watched and counted.
        start.Environment["TMPDIR"] = temp;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // "During extract": as soon as the spill folder exists (3 million rows take a while to read).
        string? spill = null;
        while (spill is null && !process.HasExited)
        {
            spill = Directory.EnumerateDirectories(temp, "markov-journeys-*").FirstOrDefault();
            if (spill is null)
            {
                await Task.Delay(2, timeout.Token);
            }
        }

        Assert.True(ProcessSignals.Send(process.Id, signal) == 0, "the run ended before it could be signalled: " + await stdout);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(expectedExit == process.ExitCode, $"exit {process.ExitCode}: {await stderr} {await stdout}");
        Assert.Contains("stopped: the run was cancelled", await stderr, StringComparison.Ordinal);
        // The runtime's own diagnostics pipes go with the process too: the temp folder is empty.
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outParent));
    }

    private static bool SafeAny(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory).Any();
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Three touches per customer, one in three converting.</summary>
    private static void WriteJourneys(string path, int customers)
    {
        string[] channels = ["Facebook", "Instagram", "Email", "Search", "Direct"];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.Write("customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment\n");
        for (var c = 0; c < customers; c++)
        {
            for (var step = 1; step <= 3; step++)
            {
                var converted = step == 3 && c % 3 == 0;
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"c{c},{step},{channels[(c + step) % 5]},2024-01-{step:D2}T00:00:00Z,{(converted ? 1 : 0)},{(converted ? 50 : 0)},New\n"));
            }
        }
    }
}
