using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace MarkovFunctions.Infra.Tests;

/// <summary>What one Bicep command printed as diagnostics, and how it ended.</summary>
public sealed partial record BicepRun(string Command, int ExitCode, string Diagnostics)
{
    /// <summary>
    /// Lines that are warnings or errors. Bicep reports type errors as warnings and still exits 0,
    /// so a clean build is one with none of these, not just exit code 0.
    /// </summary>
    public IReadOnlyList<string> Problems { get; } =
        Diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => ProblemLine().IsMatch(line))
            .ToList();

    [GeneratedRegex(@"\b(warning|error)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProblemLine();
}

/// <summary>
/// The Bicep CLI that <c>dotnet restore</c> downloads from NuGet (a PackageDownload of this project),
/// run as a process on the repository's infra/bicep files.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The CLI in the NuGet package folder; the build records where restore put it.</summary>
    public static string Path { get; } = Metadata("BicepCliPath");

    /// <summary>infra/bicep in this repository.</summary>
    public static string Directory { get; } = Metadata("BicepDirectory");

    /// <summary>
    /// Runs the CLI and returns its diagnostics (stderr). Stdout is dropped: with <c>--stdout</c> it is
    /// the compiled output, and the parameters file's output may hold secrets read from the environment.
    /// </summary>
    public static async Task<BicepRun> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct = default)
    {
        Assert.True(File.Exists(Path), $"No Bicep CLI at {Path}: run `dotnet restore` on the Infra.Tests project.");

        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        _ = await stdout;
        return new BicepRun($"bicep {string.Join(' ', arguments)}", process.ExitCode, await stderr);
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata (see the .csproj)");
}
