using System.Text;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests.Artifacts;

/// <summary>
/// Two publishes racing for <c>latest.json</c>: the older run reads the pointer, is held, and the newer
/// run publishes in the meantime. The conditional write (blob ETag; lock and rename locally) leaves
/// the pointer on the newer run whatever the order of the writes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LatestPointerRaceTests(AzuriteFixture azurite)
{
    private const string Older = "20261123_110000";
    private const string Newer = "20261123_110500";

    private static Dictionary<string, byte[]> Files(string runId) => new() { ["summary.json"] = Encoding.UTF8.GetBytes($"{{\"run_id\":\"{runId}\"}}") };

    [Fact]
    public async Task MoveLatest_OlderRunHeldWhileTheNewerPublishes_Azurite_LatestNamesTheNewer()
    {
        var store = BlobArtifactStore.Create(new ArtifactsOptions { ConnectionString = azurite.ConnectionString, Container = "race-" + Guid.NewGuid().ToString("N")[..12] });

        await RaceAsync(store);

        Assert.Equal(Newer, (await new RunFolderWriter(store).ReadLatestAsync())!.Run);
    }

    [Fact]
    public async Task MoveLatest_OlderRunHeldWhileTheNewerPublishes_LocalDirectory_LatestNamesTheNewer()
    {
        var root = Directory.CreateTempSubdirectory("markov-race.");
        try
        {
            var store = new LocalDirectoryArtifactStore(root.FullName);

            await RaceAsync(store);

            Assert.Equal(Newer, (await new RunFolderWriter(store).ReadLatestAsync())!.Run);
            // Temp files have names of their own and go; the lock file is not an artifact.
            Assert.DoesNotContain(Directory.EnumerateFiles(root.FullName), f => f.EndsWith(".partial", StringComparison.Ordinal));
            Assert.DoesNotContain("latest.json.lock", await store.ListAsync(string.Empty));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UpdateAsync_LostRace_Azurite_RereadsAndDecidesAgain()
    {
        var store = BlobArtifactStore.Create(new ArtifactsOptions { ConnectionString = azurite.ConnectionString, Container = "race-" + Guid.NewGuid().ToString("N")[..12] });
        await store.WriteAsync("counter.txt", "0"u8.ToArray(), "text/plain");

        // 8 writers each add one: a lost update would leave less than 8.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.UpdateAsync(
            "counter.txt",
            current => Encoding.UTF8.GetBytes((int.Parse(Encoding.UTF8.GetString(current!), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "text/plain"))));

        Assert.Equal("8", Encoding.UTF8.GetString((await store.ReadAsync("counter.txt"))!));
    }

    private static async Task RaceAsync(IArtifactStore store)
    {
        var newerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Locally the held writer keeps the lock, so the newer one waits for it: release after a while then.
        var held = new HeldReadStore(store, Task.WhenAny(newerDone.Task, Task.Delay(TimeSpan.FromSeconds(1))));
        await new RunFolderWriter(store).WriteRunAsync(Older, Files(Older));
        await new RunFolderWriter(store).WriteRunAsync(Newer, Files(Newer));

        var older = Task.Run(() => new RunFolderWriter(held).MoveLatestAsync(Older, Files(Older).Keys.ToList()));
        await held.ReadDone.Task;
        var newer = await new RunFolderWriter(store).MoveLatestAsync(Newer, Files(Newer).Keys.ToList());
        newerDone.TrySetResult();
        var olderResult = await older;

        Assert.True(newer.LatestUpdated || !olderResult.LatestUpdated);
    }
}
