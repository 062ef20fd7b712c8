namespace MarkovFunctions.Cli.Commands;

/// <summary>
/// An output directory that appears whole or not at all: files go to a temp sibling, which is renamed
/// into place at the end; a failure deletes it, so no partial DIR is left behind.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    private bool _committed;

    private OutputDirectory(string target, string staging) => (Target, Staging) = (target, staging);

    public string Target { get; }

    public string Staging { get; }

    /// <summary>Refuses a target that exists and is not empty.</summary>
    public static OutputDirectory Begin(string path)
    {
        // "data/" names the directory "data": without the trim, its name would be empty and the staging
        // directory would land inside it.
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(target))
        {
            throw new UsageException($"--out {path}: a file of that name exists");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new UsageException($"--out {path}: the directory exists and is not empty; choose a new or empty directory");
        }

        var parent = Path.GetDirectoryName(target);
        if (parent is null || Path.GetFileName(target).Length == 0)
        {
            throw new UsageException($"--out {path}: name a directory below the root");
        }

        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Environment.ProcessId}");
        Directory.CreateDirectory(staging);
        return new OutputDirectory(target, staging);
    }

    public async Task WriteAsync(IReadOnlyDictionary<string, byte[]> files, CancellationToken ct = default)
    {
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(Staging, name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content, ct);
        }
    }

    public void Commit()
    {
        if (Directory.Exists(Target))
        {
            Directory.Delete(Target);
        }

        Directory.Move(Staging, Target);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }
    }
}
