using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Integration.Tests.Artifacts;

/// <summary>
/// A real store whose first conditional update of <c>latest.json</c> holds between its read and its
/// write until <paramref name="release"/> completes: the window in which another publish can finish.
/// </summary>
internal sealed class HeldReadStore(IArtifactStore inner, Task release) : IArtifactStore
{
    private int _held;

    /// <summary>Completes once the held update has read the pointer.</summary>
    public TaskCompletionSource ReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default) => inner.WriteAsync(path, content, contentType, ct);

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct = default) => inner.ReadAsync(path, ct);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) => inner.ListAsync(prefix, ct);

    public Task DeleteAsync(string path, CancellationToken ct = default) => inner.DeleteAsync(path, ct);

    public Task<byte[]?> UpdateAsync(string path, Func<byte[]?, byte[]?> update, string contentType, CancellationToken ct = default) =>
        inner.UpdateAsync(
            path,
            current =>
            {
                if (Interlocked.Exchange(ref _held, 1) == 0)
                {
                    ReadDone.TrySetResult();
                    release.Wait(ct);
                }

                return update(current);
            },
            contentType,
            ct);
}
