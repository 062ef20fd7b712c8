using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Integration.Tests.Artifacts;

/// <summary>A real store that fails the write after <paramref name="failAfterWrites"/> successful ones, as a crash would.</summary>
internal sealed class FailingArtifactStore(IArtifactStore inner, int failAfterWrites) : IArtifactStore
{
    private int _writes;

    public List<string> Written { get; } = [];

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        if (Interlocked.Increment(ref _writes) > failAfterWrites)
        {
            throw new IOException($"injected failure writing {path}");
        }

        await inner.WriteAsync(path, content, contentType, ct);
        lock (Written)
        {
            Written.Add(path);
        }
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken ct = default) => inner.ReadAsync(path, ct);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default) => inner.ListAsync(prefix, ct);

    public async Task<byte[]?> UpdateAsync(string path, Func<byte[]?, byte[]?> update, string contentType, CancellationToken ct = default)
    {
        if (Interlocked.Increment(ref _writes) > failAfterWrites)
        {
            throw new IOException($"injected failure writing {path}");
        }

        var result = await inner.UpdateAsync(path, update, contentType, ct);
        lock (Written)
        {
            Written.Add(path);
        }

        return result;
    }

    public Task DeleteAsync(string path, CancellationToken ct = default) => inner.DeleteAsync(path, ct);
}
