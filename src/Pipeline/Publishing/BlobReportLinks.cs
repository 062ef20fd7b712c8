using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>
/// A time-limited link to a report blob. The storage account allows no shared keys, so the link is a
/// user-delegation SAS signed with a key the managed identity asks for; under Azurite (a connection
/// string with an account key) the container client signs it itself.
/// </summary>
public sealed class BlobReportLinks(BlobArtifactStore store, TimeProvider clock, TimeSpan validity) : IReportLinks
{
    public async Task<string?> LinkAsync(string runId, CancellationToken ct = default)
    {
        var blob = store.Container.GetBlobClient(ArtifactPaths.InRun(runId, RunArtifacts.Report));
        var expires = clock.GetUtcNow().Add(validity);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expires)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ContentType = "text/html",
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas).ToString();
        }

        var service = store.Container.GetParentBlobServiceClient();
        var key = await service.GetUserDelegationKeyAsync(clock.GetUtcNow().AddMinutes(-5), expires, ct);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri().ToString();
    }
}
