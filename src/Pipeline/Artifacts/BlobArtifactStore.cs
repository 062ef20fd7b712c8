using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MarkovFunctions.Pipeline.Configuration;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// Run folders and <c>latest.json</c> in one blob container. Each write carries the content's MD5,
/// and a write whose bytes equal the blob already there is skipped: repeating a step after a crash
/// leaves the blob, its ETag and its last-modified time as they were.
/// </summary>
public sealed class BlobArtifactStore : IArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly bool _createContainerIfMissing;
    private volatile bool _containerReady;

    public BlobArtifactStore(BlobContainerClient container, bool createContainerIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        _createContainerIfMissing = createContainerIfMissing;
    }

    public BlobContainerClient Container => _container;

    /// <summary>
    /// The store the settings describe: <c>Artifacts__ConnectionString</c> (Azurite) when set, otherwise
    /// <c>Artifacts__AccountUri</c> with the app's managed identity, so that no key is configured in Azure.
    /// </summary>
    public static BlobArtifactStore Create(ArtifactsOptions options, bool createContainerIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(new Uri(options.AccountUri!), CreateCredential(options.ManagedIdentityClientId))
            : new BlobServiceClient(options.ConnectionString);
        return new BlobArtifactStore(service.GetBlobContainerClient(options.Container), createContainerIfMissing);
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        ArtifactPaths.Validate(path);
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        var blob = _container.GetBlobClient(path);
        var md5 = ContentMd5(content.Span);

        if (await HasContentAsync(blob, md5, content.Length, ct).ConfigureAwait(false))
        {
            return;
        }

        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = md5 },
        };
        await blob.UploadAsync(BinaryData.FromBytes(content), options, ct).ConfigureAwait(false);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct = default)
    {
        ArtifactPaths.Validate(path);
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        try
        {
            var result = await _container.GetBlobClient(path).DownloadContentAsync(ct).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Read with its ETag, write with <c>If-Match</c> (or <c>If-None-Match: *</c> when absent); a 412 or 409 means another writer won the race: read again.</summary>
    public async Task<byte[]?> UpdateAsync(string path, Func<byte[]?, byte[]?> update, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArtifactPaths.Validate(path);
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        var blob = _container.GetBlobClient(path);
        for (var attempt = 1; ; attempt++)
        {
            byte[]? current = null;
            ETag? etag = null;
            try
            {
                var read = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
                current = read.Value.Content.ToArray();
                etag = read.Value.Details.ETag;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }

            var next = update(current);
            if (next is null)
            {
                return current;
            }

            var options = new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = ContentMd5(next) },
                Conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            };
            try
            {
                await blob.UploadAsync(BinaryData.FromBytes(next), options, ct).ConfigureAwait(false);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409 && attempt < MaxUpdateAttempts)
            {
                await Task.Delay(Random.Shared.Next(10, 50 * attempt), ct).ConfigureAwait(false);
            }
        }
    }

    // Each lost race means another writer succeeded: this many in a row is a stuck writer, not contention.
    private const int MaxUpdateAttempts = 50;

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        var names = new List<string>();
        var query = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, ct);
        await foreach (var item in query.ConfigureAwait(false))
        {
            names.Add(item.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task DeleteAsync(string path, CancellationToken ct = default)
    {
        ArtifactPaths.Validate(path);
        await EnsureContainerAsync(ct).ConfigureAwait(false);
        await _container.GetBlobClient(path).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)
            .ConfigureAwait(false);
    }

    // MD5 is what the blob service stores and checks as Content-MD5; it guards integrity, not secrets.
#pragma warning disable CA5351
    internal static byte[] ContentMd5(ReadOnlySpan<byte> content) => MD5.HashData(content);
#pragma warning restore CA5351

    private static DefaultAzureCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });

    private static async Task<bool> HasContentAsync(BlobClient blob, byte[] md5, int length, CancellationToken ct)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            return properties.Value.ContentLength == length
                && properties.Value.ContentHash is { } stored
                && stored.AsSpan().SequenceEqual(md5);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    // Not cached as a task: a failed first attempt (emulator still starting) must not fail every later call.
    private async Task EnsureContainerAsync(CancellationToken ct)
    {
        if (_containerReady || !_createContainerIfMissing)
        {
            return;
        }

        await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        _containerReady = true;
    }
}
