namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>Run folders in a plain directory (the local host's ./processed when no storage is configured).</summary>
public sealed class LocalDirectoryArtifactStore(string root) : IArtifactStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var full = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write beside, then move: a reader never sees half a file. A name of its own per writer, so
        // two processes writing one path never write into, or move away, each other's temp file.
        var temp = $"{full}.{Guid.NewGuid():N}{PartialSuffix}";
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

    /// <summary>
    /// Under an exclusive lock on <c>PATH.lock</c> (held by this process or another; a .NET exclusive
    /// open is an OS lock), read, decide and write beside then rename: the read and the write of one
    /// writer are never split by another's. The lock file stays: deleting it would let two writers
    /// lock two different files of the same name.
    /// </summary>
    public async Task<byte[]?> UpdateAsync(string path, Func<byte[]?, byte[]?> update, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var full = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using var gate = await LockAsync(full + LockSuffix, ct).ConfigureAwait(false);
        var current = File.Exists(full) ? await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false) : null;
        var next = update(current);
        if (next is null)
        {
            return current;
        }

        await WriteAsync(path, next, contentType, ct).ConfigureAwait(false);
        return next;
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
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !p.EndsWith(PartialSuffix, StringComparison.Ordinal) && !p.EndsWith(LockSuffix, StringComparison.Ordinal))
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

    private const string PartialSuffix = ".partial";

    /// <summary>The lock file beside a conditionally written file (latest.json.lock); it stays, empty, after the write.</summary>
    public const string LockSuffix = ".lock";

    // Long enough for every writer of a burst (a write of latest.json takes milliseconds), short enough to surface a stuck one.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    private static async Task<FileStream> LockAsync(string lockPath, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(5, 25), ct).ConfigureAwait(false);
            }
        }
    }

    private string Resolve(string path)
    {
        ArtifactPaths.Validate(path);
        return Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
    }
}
