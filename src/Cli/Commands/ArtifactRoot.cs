using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Cli.Commands;

/// <summary>
/// <c>markov run --out DIR</c>: DIR is an artifact root like the app's container or local copy (run
/// folders, <c>history/</c>, <c>published/</c>, <c>latest.json</c>), so runs into one DIR build up the
/// same history and drift alerts. Refuses a DIR that holds anything else.
/// </summary>
public static class ArtifactRoot
{
    public static string Open(string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(root))
        {
            throw new UsageException($"--out {path}: a file of that name exists");
        }

        if (Path.GetDirectoryName(root) is null)
        {
            throw new UsageException($"--out {path}: name a directory below the root");
        }

        if (Directory.Exists(root))
        {
            var foreign = Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).OfType<string>()
                .Where(name => !IsArtifact(name)).Order(StringComparer.Ordinal).ToList();
            if (foreign.Count > 0)
            {
                throw new UsageException(
                    $"--out {path}: the directory holds {string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? ", ..." : string.Empty)}, which no run wrote; name a new or empty directory, or one earlier runs wrote");
            }
        }

        return root;
    }

    private static bool IsArtifact(string name) =>
        name is ArtifactPaths.LatestPointer or ArtifactPaths.LatestPointer + LocalDirectoryArtifactStore.LockSuffix or ArtifactPaths.HistoryRoot or ArtifactPaths.PublishedRoot or ArtifactPaths.NotifiedRoot or ArtifactPaths.WeeksRoot or ArtifactPaths.WorkRoot || ArtifactPaths.IsRunId(name);
}
