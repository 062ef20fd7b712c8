using System.Security.Cryptography;
using System.Text;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests.Artifacts;

[Collection(AzuriteCollection.Name)]
public sealed class BlobArtifactStoreTests(AzuriteFixture azurite)
{
    private BlobArtifactStore NewStore() => BlobArtifactStore.Create(new ArtifactsOptions
    {
        ConnectionString = azurite.ConnectionString,
        Container = "store-" + Guid.NewGuid().ToString("N")[..12],
    });

    [Fact]
    public async Task WriteAsync_NewBlob_StoresBytesContentTypeAndMd5()
    {
        var store = NewStore();
        var bytes = Encoding.UTF8.GetBytes("channel,conversions\nEmail,3\n");

        await store.WriteAsync("20261123_110000/transition_matrix.csv", bytes, "text/csv; charset=utf-8");

        Assert.Equal(bytes, await store.ReadAsync("20261123_110000/transition_matrix.csv"));
        var properties = (await store.Container.GetBlobClient("20261123_110000/transition_matrix.csv").GetPropertiesAsync()).Value;
        Assert.Equal("text/csv; charset=utf-8", properties.ContentType);
        Assert.Equal(MD5.HashData(bytes), properties.ContentHash);
    }

    [Fact]
    public async Task WriteAsync_SameBytesTwice_BlobNotRewritten()
    {
        var store = NewStore();
        var blob = store.Container.GetBlobClient("a/b.json");
        await store.WriteAsync("a/b.json", "{\"x\":1}"u8.ToArray(), "application/json");
        var first = (await blob.GetPropertiesAsync()).Value.ETag;

        await store.WriteAsync("a/b.json", "{\"x\":1}"u8.ToArray(), "application/json");
        var second = (await blob.GetPropertiesAsync()).Value.ETag;
        await store.WriteAsync("a/b.json", "{\"x\":2}"u8.ToArray(), "application/json");
        var third = (await blob.GetPropertiesAsync()).Value.ETag;

        Assert.Equal(first, second);
        Assert.NotEqual(second, third);
        Assert.Equal("{\"x\":2}"u8.ToArray(), await store.ReadAsync("a/b.json"));
    }

    [Fact]
    public async Task ReadAsync_MissingBlob_ReturnsNull()
    {
        var store = NewStore();

        Assert.Null(await store.ReadAsync("nothing/here.json"));
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsOnlyPathsUnderItOrdinal()
    {
        var store = NewStore();
        foreach (var path in new[] { "r/b.csv", "r/a.csv", "r/B.csv", "s/a.csv" })
        {
            await store.WriteAsync(path, new byte[] { 1 }, "text/csv");
        }

        Assert.Equal(["r/B.csv", "r/a.csv", "r/b.csv"], await store.ListAsync("r/"));
        Assert.Equal(4, (await store.ListAsync(string.Empty)).Count);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenMissing_GoneWithoutError()
    {
        var store = NewStore();
        await store.WriteAsync("x/y.bin", new byte[] { 1, 2, 3 }, "application/octet-stream");

        await store.DeleteAsync("x/y.bin");
        await store.DeleteAsync("x/y.bin");

        Assert.Null(await store.ReadAsync("x/y.bin"));
    }

    [Fact]
    public async Task WriteAsync_PathWithDotDot_Throws()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("a/../b.csv", new byte[] { 1 }, "text/csv"));
    }

    [Fact]
    public void Create_NeitherConnectionStringNorUri_FailsNamingTheSettings()
    {
        var e = Assert.Throws<InvalidOperationException>(() => BlobArtifactStore.Create(new ArtifactsOptions()));

        Assert.Contains("Artifacts__ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AccountUri_UsesThatEndpointWithoutConnectingYet()
    {
        var store = BlobArtifactStore.Create(new ArtifactsOptions
        {
            AccountUri = "https://example.blob.core.windows.net",
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
            Container = "runs",
        });

        Assert.Equal(new Uri("https://example.blob.core.windows.net/runs"), store.Container.Uri);
    }
}
