namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// Where run folders and <c>latest.json</c> are kept: a blob container in Azure and under Azurite,
/// a plain directory for the CSV command line and the local copy under <c>./processed/</c>.
/// Paths are relative and use '/' (e.g. <c>20261123_110000/summary.json</c>).
/// </summary>
public interface IArtifactStore
{
    /// <summary>Writes (or overwrites) one file. Writing the same bytes twice leaves the same file.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default);

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken ct = default);

    /// <summary>The paths under <paramref name="prefix"/>, ordinal.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Replaces one small file by what <paramref name="update"/> makes of its current content (null when
    /// absent), but only if no other writer changed it in between (compare-and-swap, retried), so two
    /// writers racing never lose the newer decision. <paramref name="update"/> may run more than once;
    /// it returns null to leave the file as it is.
    /// </summary>
    /// <returns>The file's content once done.</returns>
    Task<byte[]?> UpdateAsync(string path, Func<byte[]?, byte[]?> update, string contentType, CancellationToken ct = default);

    /// <summary>Deletes one file; no error when it is already gone.</summary>
    Task DeleteAsync(string path, CancellationToken ct = default);
}
