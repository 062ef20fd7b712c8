using System.Net.Sockets;
using Azure.Storage.Blobs;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteServerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_SharedFixture_ServesBlobsOnLoopback()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, "azurite-smoke");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("a.txt").UploadAsync(BinaryData.FromString("hello"), overwrite: true);

        var read = await container.GetBlobClient("a.txt").DownloadContentAsync();

        Assert.Equal("hello", read.Value.Content.ToString());
        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{azurite.Server.BlobPort}/", azurite.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_ProcessGoneAndPortClosed()
    {
        var server = await AzuriteServer.StartAsync();
        var pid = server.ProcessId;
        var port = server.BlobPort;

        await server.DisposeAsync();

        Assert.False(ProcessExists(pid));
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
