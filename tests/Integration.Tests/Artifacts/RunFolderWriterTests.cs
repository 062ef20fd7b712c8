using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests.Artifacts;

[Collection(AzuriteCollection.Name)]
public sealed class RunFolderWriterTests(AzuriteFixture azurite)
{
    private BlobArtifactStore NewStore() => BlobArtifactStore.Create(new ArtifactsOptions
    {
        ConnectionString = azurite.ConnectionString,
        Container = "runs-" + Guid.NewGuid().ToString("N")[..12],
    });

    /// <summary>A run folder of the design's shape; the bytes carry the run id so that runs differ.</summary>
    private static Dictionary<string, byte[]> RunFiles(string runId) => new()
    {
        ["transition_matrix.csv"] = Encoding.UTF8.GetBytes($"from,to,p\nstart,Email,1\n# {runId}\n"),
        ["markov_attribution.parquet"] = Encoding.UTF8.GetBytes($"PAR1 markov {runId} PAR1"),
        ["budget_scenario_65000.parquet"] = Encoding.UTF8.GetBytes($"PAR1 budget 65000 {runId} PAR1"),
        ["summary.json"] = Encoding.UTF8.GetBytes($"{{\"run_id\":\"{runId}\",\"schema_version\":1}}"),
        ["run_manifest.json"] = Encoding.UTF8.GetBytes($"{{\"run_id\":\"{runId}\"}}"),
    };

    [Fact]
    public async Task PublishAsync_RunFolder_FilesHistoryAndLatestReadBack()
    {
        var store = NewStore();
        var publisher = new RunFolderWriter(store);
        var files = RunFiles("20261123_110000");

        var result = await publisher.PublishAsync("20261123_110000", files);

        Assert.True(result.LatestUpdated);
        Assert.Null(result.PreviousLatest);
        Assert.Equal(
            [
                "20261123_110000/budget_scenario_65000.parquet",
                "20261123_110000/markov_attribution.parquet",
                "20261123_110000/run_manifest.json",
                "20261123_110000/summary.json",
                "20261123_110000/transition_matrix.csv",
            ],
            await store.ListAsync("20261123_110000/"));
        Assert.Equal(
            [
                "history/budget_scenario_65000/run_id=20261123_110000/part.parquet",
                "history/markov_attribution/run_id=20261123_110000/part.parquet",
            ],
            await store.ListAsync("history/"));
        foreach (var (name, bytes) in files)
        {
            Assert.Equal(bytes, await store.ReadAsync("20261123_110000/" + name));
        }

        Assert.Equal(files["markov_attribution.parquet"], await store.ReadAsync("history/markov_attribution/run_id=20261123_110000/part.parquet"));
        var latest = await publisher.ReadLatestAsync();
        Assert.NotNull(latest);
        Assert.Equal("20261123_110000", latest.Run);
        Assert.Equal(1, latest.SchemaVersion);
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), latest.Files);
        Assert.Equal("application/vnd.apache.parquet",
            (await store.Container.GetBlobClient("20261123_110000/markov_attribution.parquet").GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task PublishAsync_LatestJson_IsTheLastWrite()
    {
        var recorder = new FailingArtifactStore(NewStore(), failAfterWrites: int.MaxValue);

        await new RunFolderWriter(recorder).PublishAsync("20261123_110000", RunFiles("20261123_110000"));

        // 5 run files, 2 history copies, the published mark, then latest.json.
        Assert.Equal(9, recorder.Written.Count);
        Assert.Equal("published/20261123_110000.json", recorder.Written[^2]);
        Assert.Equal("latest.json", recorder.Written[^1]);
        Assert.DoesNotContain("latest.json", recorder.Written.Take(8));
    }

    [Theory]
    [InlineData(0)] // the first write fails
    [InlineData(3)] // inside the run folder (uploads run 4 at a time: the others are cancelled)
    [InlineData(6)] // inside the history copies
    [InlineData(7)] // everything written but the published mark and latest.json
    [InlineData(8)] // everything written but latest.json
    public async Task PublishAsync_FailsHalfWay_LatestStaysOnPreviousRun(int writesBeforeFailure)
    {
        var store = NewStore();
        await new RunFolderWriter(store).PublishAsync("20261116_110000", RunFiles("20261116_110000"));
        var before = await store.ReadAsync("latest.json");
        var failing = new RunFolderWriter(new FailingArtifactStore(store, writesBeforeFailure));

        await Assert.ThrowsAnyAsync<Exception>(() => failing.PublishAsync("20261123_110000", RunFiles("20261123_110000")));

        Assert.Equal(before, await store.ReadAsync("latest.json"));
        Assert.Equal("20261116_110000", (await new RunFolderWriter(store).ReadLatestAsync())!.Run);
    }

    [Fact]
    public async Task PublishAsync_SameRunTwice_IdenticalBlobs()
    {
        var store = NewStore();
        var publisher = new RunFolderWriter(store);
        await publisher.PublishAsync("20261123_110000", RunFiles("20261123_110000"));
        var first = await SnapshotAsync(store.Container);

        await publisher.PublishAsync("20261123_110000", RunFiles("20261123_110000"));
        var second = await SnapshotAsync(store.Container);

        Assert.Equal(9, first.Count);
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (path, blob) in first)
        {
            Assert.Equal(blob.Bytes, second[path].Bytes);
            Assert.Equal(MD5.HashData(blob.Bytes), second[path].ContentMd5);
            // Unchanged ETags: the second publish wrote nothing, so latest.json was written once.
            Assert.Equal(blob.ETag, second[path].ETag);
        }
    }

    [Fact]
    public async Task PublishAsync_AfterPartialFailure_RepublishCompletesRun()
    {
        var store = NewStore();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            new RunFolderWriter(new FailingArtifactStore(store, 4)).PublishAsync("20261123_110000", RunFiles("20261123_110000")));
        Assert.Null(await store.ReadAsync("latest.json"));

        var result = await new RunFolderWriter(store).PublishAsync("20261123_110000", RunFiles("20261123_110000"));

        Assert.True(result.LatestUpdated);
        Assert.Equal(5, (await store.ListAsync("20261123_110000/")).Count);
        Assert.Equal("20261123_110000", (await new RunFolderWriter(store).ReadLatestAsync())!.Run);
    }

    [Fact]
    public async Task PublishAsync_OlderRunAfterNewer_LatestNotMovedBackwards()
    {
        var store = NewStore();
        var publisher = new RunFolderWriter(store);
        await publisher.PublishAsync("20261123_110000", RunFiles("20261123_110000"));

        var late = await publisher.PublishAsync("20261116_110000", RunFiles("20261116_110000"));

        Assert.False(late.LatestUpdated);
        Assert.Equal("20261123_110000", late.PreviousLatest);
        Assert.Equal("20261123_110000", (await publisher.ReadLatestAsync())!.Run);
        Assert.Equal(5, (await store.ListAsync("20261116_110000/")).Count);
    }

    [Fact]
    public async Task ApplyRetentionAsync_KeepOne_DeletesOldRunsButNeverLatest()
    {
        var store = NewStore();
        var publisher = new RunFolderWriter(store);
        foreach (var run in new[] { "20261102_110000", "20261109_110000", "20261116_110000" })
        {
            await publisher.PublishAsync(run, RunFiles(run));
        }

        // A newer run whose publish died after its first file: latest.json still names 20261116.
        await store.WriteAsync("20261123_110000/transition_matrix.csv", RunFiles("20261123_110000")["transition_matrix.csv"], "text/csv");

        var deleted = await publisher.ApplyRetentionAsync(keepRuns: 1);

        Assert.Equal(["20261102_110000", "20261109_110000"], deleted);
        Assert.Equal(["20261116_110000", "20261123_110000"], await publisher.ListRunsAsync());
        Assert.Equal("20261116_110000", (await publisher.ReadLatestAsync())!.Run);
        // History is the growing table BI reads: retention leaves it.
        Assert.Equal(3, (await store.ListAsync("history/markov_attribution/")).Count);
    }

    [Fact]
    public async Task PublishAsync_BadRunId_Throws()
    {
        var publisher = new RunFolderWriter(NewStore());

        await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync("2026-11-23", RunFiles("x")));
    }

    private sealed record BlobSnapshot(byte[] Bytes, byte[] ContentMd5, Azure.ETag ETag);

    private static async Task<SortedDictionary<string, BlobSnapshot>> SnapshotAsync(BlobContainerClient container)
    {
        var snapshot = new SortedDictionary<string, BlobSnapshot>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync())
        {
            var blob = container.GetBlobClient(item.Name);
            var properties = (await blob.GetPropertiesAsync()).Value;
            var content = (await blob.DownloadContentAsync()).Value.Content.ToArray();
            snapshot[item.Name] = new BlobSnapshot(content, properties.ContentHash, properties.ETag);
        }

        return snapshot;
    }
}
