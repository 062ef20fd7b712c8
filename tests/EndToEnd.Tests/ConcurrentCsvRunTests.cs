using System.Text.Json;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Several `markov run --out` processes on one artifact root: each finishes, and latest.json names the newest run.</summary>
public sealed class ConcurrentCsvRunTests
{
    [Fact]
    public async Task Run_EightProcessesOnOneOutRoot_AllExitZeroAndLatestIsTheNewest()
    {
        var output = MarkovCli.TempPath("concurrent");
        try
        {
            var directory = Path.Combine(MarkovCli.CasesRoot, "a_three_journeys");
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => MarkovCli.RunCaseAsync(directory, output, "--intervals", "0")));

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
            var runs = Directory.EnumerateDirectories(output).Select(Path.GetFileName).Where(n => Pipeline.Artifacts.ArtifactPaths.IsRunId(n)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(8, runs.Count);
            using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "latest.json")));
            Assert.Equal(runs[^1], latest.RootElement.GetProperty("run").GetString());
            Assert.Empty(Directory.EnumerateFiles(output, "*.partial", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
