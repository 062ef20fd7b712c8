namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>Run folders in a plain directory (the local host's ./processed when no storage is configured).</summary>
public sealed class LocalDirectoryArtifactStore(string root) : IArtifactStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var full = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write beside, then move: a reader never sees half a file.
        var temp = full + ".partial";
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), ct);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct) : null;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        if (!Directory.Exists(Root))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        IReadOnlyList<string> paths = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !p.EndsWith(".partial", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(paths);
    }

    public Task DeleteAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        if (File.Exists(full))
        {
            File.Delete(full);
        }

        // Folders exist only for their files: an emptied run folder or history partition goes too.
        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > Root.Length && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any(); folder = Path.GetDirectoryName(folder))
        {
            Directory.Delete(folder);
        }

        return Task.CompletedTask;
    }

    private string Resolve(string path)
    {
        ArtifactPaths.Validate(path);
        return Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
    }
}
