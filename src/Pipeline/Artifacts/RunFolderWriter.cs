namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// Publishes a run folder so that readers never see half a run: every file of the run folder, then
/// the history copy of every Parquet table, then - only once all of those are in the store -
/// <c>latest.json</c>, last. A publish that fails anywhere leaves <c>latest.json</c> on the previous
/// good run; publishing again writes the same bytes to the same paths.
/// </summary>
public sealed class RunFolderWriter
{
    // A few uploads at a time: enough to hide latency, few enough for a 2-core machine and Azurite.
    private const int UploadConcurrency = 4;

    private readonly IArtifactStore _store;

    public RunFolderWriter(IArtifactStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <param name="files">The run folder's files by name relative to the folder (e.g. <c>summary.json</c>).</param>
    public async Task<PublishResult> PublishAsync(
        string runId, IReadOnlyDictionary<string, byte[]> files, CancellationToken ct = default)
    {
        var written = await WriteRunAsync(runId, files, ct).ConfigureAwait(false);
        return await MoveLatestAsync(runId, files.Keys.ToList(), written, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the run folder and its history copies and checks the store holds them all; moves no
    /// pointer, so other sinks can be written before <see cref="MoveLatestAsync"/>.
    /// </summary>
    /// <returns>The paths written.</returns>
    public async Task<IReadOnlyList<string>> WriteRunAsync(
        string runId, IReadOnlyDictionary<string, byte[]> files, CancellationToken ct = default)
    {
        ArtifactPaths.ValidateRunId(runId);
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("a run folder needs at least one file", nameof(files));
        }

        var names = files.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            ArtifactPaths.Validate(name);
            if (name == ArtifactPaths.LatestPointer)
            {
                throw new ArgumentException($"{ArtifactPaths.LatestPointer} is written by the publisher, not given to it", nameof(files));
            }
        }

        var runFiles = names.Select(n => (Path: ArtifactPaths.InRun(runId, n), Content: files[n])).ToList();
        await WriteAllAsync(runFiles, ct).ConfigureAwait(false);

        var history = names
            .Select(n => (Table: ArtifactPaths.HistoryTable(n), Name: n))
            .Where(h => h.Table is not null)
            .Select(h => (Path: ArtifactPaths.HistoryPath(h.Table!, runId), Content: files[h.Name]))
            .ToList();
        await WriteAllAsync(history, ct).ConfigureAwait(false);

        // The store, not this process's bookkeeping, decides: a store that lost a write stops the
        // pointer here instead of pointing readers at a hole.
        var written = runFiles.Concat(history).Select(f => f.Path).ToList();
        await EnsurePresentAsync(runId, written, ct).ConfigureAwait(false);
        return written;
    }

    /// <summary>
    /// Marks the run good (<c>published/RUN.json</c>, what later runs compare drift with) and then
    /// moves <c>latest.json</c> to it, unless it already names a later run. Call it last, once every
    /// sink of the run has succeeded.
    /// </summary>
    public async Task<PublishResult> MoveLatestAsync(
        string runId, IReadOnlyCollection<string> fileNames, IReadOnlyList<string>? written = null, CancellationToken ct = default)
    {
        ArtifactPaths.ValidateRunId(runId);
        var latest = new LatestRunPointer(runId, fileNames.Order(StringComparer.Ordinal).ToList());
        var bytes = latest.ToJsonBytes();
        await _store.WriteAsync(ArtifactPaths.PublishedMarker(runId), bytes, ArtifactPaths.ContentType(ArtifactPaths.LatestPointer), ct)
            .ConfigureAwait(false);

        // A conditional write (blob ETag, or a lock and rename locally), so of two publishes finishing
        // together the newer run wins whichever writes last. Run ids sort by time: an older run, or
        // a late retry of one, never moves readers backwards.
        LatestRunPointer? previous = null;
        await _store.UpdateAsync(
            ArtifactPaths.LatestPointer,
            current =>
            {
                previous = current is null ? null : LatestRunPointer.Parse(current);
                // The same bytes again (a retried publish) are left as they are, ETag and all.
                return (previous is not null && string.CompareOrdinal(previous.Run, runId) > 0) || current.AsSpan().SequenceEqual(bytes) ? null : bytes;
            },
            ArtifactPaths.ContentType(ArtifactPaths.LatestPointer),
            ct).ConfigureAwait(false);
        var moved = previous is null || string.CompareOrdinal(previous.Run, runId) <= 0;
        return new PublishResult(runId, written ?? [], LatestUpdated: moved, previous?.Run);
    }

    /// <summary>
    /// The newest good run before <paramref name="runId"/>: the latest of the runs marked published
    /// (and the one latest.json names, for stores published before the marks) with a smaller id. The
    /// run itself never counts, so a retried publish compares with what its first attempt did.
    /// </summary>
    public async Task<string?> PreviousGoodRunAsync(string runId, CancellationToken ct = default)
    {
        var marked = (await _store.ListAsync(ArtifactPaths.PublishedRoot + "/", ct).ConfigureAwait(false))
            .Select(ArtifactPaths.RunOfMarker)
            .OfType<string>();
        string? latest = null;
        try
        {
            latest = (await ReadLatestAsync(ct).ConfigureAwait(false))?.Run;
        }
        catch (InvalidDataException)
        {
            // A broken latest.json is reported by the API; drift then compares with the marked runs only.
        }

        return marked.Append(latest).OfType<string>()
            .Where(r => string.CompareOrdinal(r, runId) < 0)
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
    }

    /// <summary>
    /// Takes back what a publish that did not finish wrote: the run folder, its history partitions and
    /// its published mark. A run that <c>latest.json</c> names is never removed.
    /// </summary>
    public async Task RemoveUnfinishedRunAsync(string runId, CancellationToken ct = default)
    {
        ArtifactPaths.ValidateRunId(runId);
        if ((await ReadLatestAsync(ct).ConfigureAwait(false))?.Run == runId)
        {
            return;
        }

        var history = (await _store.ListAsync(ArtifactPaths.HistoryRoot + "/", ct).ConfigureAwait(false))
            .Where(p => p.Contains($"/run_id={runId}/", StringComparison.Ordinal));
        var paths = (await _store.ListAsync(runId + "/", ct).ConfigureAwait(false))
            .Concat(history)
            .Append(ArtifactPaths.PublishedMarker(runId));
        foreach (var path in paths)
        {
            await _store.DeleteAsync(path, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The run <c>latest.json</c> names, or null when nothing has been published yet.</summary>
    public async Task<LatestRunPointer?> ReadLatestAsync(CancellationToken ct = default)
    {
        var bytes = await _store.ReadAsync(ArtifactPaths.LatestPointer, ct).ConfigureAwait(false);
        return bytes is null ? null : LatestRunPointer.Parse(bytes);
    }

    /// <summary>The run folders in the store, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken ct = default)
    {
        var paths = await _store.ListAsync(string.Empty, ct).ConfigureAwait(false);
        return paths.Select(ArtifactPaths.RunOf).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Deletes every run folder but the <paramref name="keepRuns"/> newest and the one
    /// <c>latest.json</c> names (kept whatever its age). History paths are kept: they are the
    /// growing tables BI reads. A deleted run's published mark and notification marks go with it.
    /// </summary>
    /// <returns>The run ids deleted, oldest first.</returns>
    public async Task<IReadOnlyList<string>> ApplyRetentionAsync(int keepRuns, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepRuns, 1);
        var latest = await ReadLatestAsync(ct).ConfigureAwait(false);
        var runs = await ListRunsAsync(ct).ConfigureAwait(false);
        var stale = runs.Take(Math.Max(0, runs.Count - keepRuns)).Where(r => r != latest?.Run).ToList();
        foreach (var run in stale)
        {
            var paths = await _store.ListAsync(run + "/", ct).ConfigureAwait(false);
            var notices = await _store.ListAsync($"{ArtifactPaths.NotifiedRoot}/{ArtifactPaths.SucceededNotice(run)}/", ct).ConfigureAwait(false);
            await Parallel.ForEachAsync(
                paths.Concat(notices).Append(ArtifactPaths.PublishedMarker(run)),
                new ParallelOptions { MaxDegreeOfParallelism = UploadConcurrency, CancellationToken = ct },
                async (path, token) => await _store.DeleteAsync(path, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return stale;
    }

    private Task WriteAllAsync(IReadOnlyList<(string Path, byte[] Content)> files, CancellationToken ct) =>
        Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = UploadConcurrency, CancellationToken = ct },
            async (file, token) => await _store.WriteAsync(file.Path, file.Content, ArtifactPaths.ContentType(file.Path), token)
                .ConfigureAwait(false));

    private async Task EnsurePresentAsync(string runId, IReadOnlyList<string> expected, CancellationToken ct)
    {
        var present = new HashSet<string>(await _store.ListAsync(runId + "/", ct).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (var path in expected.Where(p => ArtifactPaths.RunOf(p) is null))
        {
            // A listing by the full path as prefix: a metadata call, not a download.
            if ((await _store.ListAsync(path, ct).ConfigureAwait(false)).Contains(path, StringComparer.Ordinal))
            {
                present.Add(path);
            }
        }

        var missing = expected.Where(p => !present.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"run {runId} is incomplete in the artifact store ({string.Join(", ", missing)} missing); {ArtifactPaths.LatestPointer} not moved");
        }
    }
}
