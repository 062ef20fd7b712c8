using System.Diagnostics;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MarkovFunctions.Hosting.Tests.Durable;

/// <summary>
/// A durable run survives its host: a host process killed with SIGKILL in the middle of a fan-out
/// leaves the instance in the task hub, and a new host on the same hub finishes it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashTakeoverTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Items = 8;
    private const int ActivityDelayMs = 3000;

    [Fact]
    public async Task Host_KilledMidFanOut_NewHostOnSameHubFinishesRun()
    {
        var hub = "crash" + Guid.NewGuid().ToString("N")[..12];
        var markers = Directory.CreateTempSubdirectory("fanout.").FullName;
        var hostLog = Path.Combine(markers, "hosts.log");
        await using var services = new ServiceCollection().BuildServiceProvider();
        // Never started: only its client is used, to schedule and watch. All work runs in the children.
        await using var observer = new DurableEngine(EngineHostProcess.Options(azurite.ConnectionString, hub), TestTasks.Catalog, services);
        try
        {
            int firstPid;
            TimeSpan killedAt;
            string instanceId;
            IReadOnlyDictionary<int, ItemLog> beforeKill;
            var clock = Stopwatch.StartNew();
            await using (var first = await EngineHostProcess.StartAsync(azurite.ConnectionString, hub, hostLog))
            {
                firstPid = first.ProcessId;
                instanceId = await observer.Client.ScheduleNewOrchestrationInstanceAsync(
                    TestTasks.FanOut, new FanOutInput(Items, ActivityDelayMs, markers));

                // Mid fan-out: activities have started in the first host, none has finished.
                await WaitUntilAsync(() => ReadItems(markers).Values.Any(i => i.Starts.Count > 0), TimeSpan.FromSeconds(30));
                await first.KillAsync();
                killedAt = clock.Elapsed;
                beforeKill = ReadItems(markers);
            }

            Assert.Contains(beforeKill.Values, i => i.Starts.Contains(firstPid));
            Assert.DoesNotContain(beforeKill.Values, i => i.Dones.Count > 0);
            var orphaned = await observer.Client.GetInstanceAsync(instanceId);
            output.WriteLine($"after the kill: {orphaned?.RuntimeStatus}");
            Assert.False(orphaned!.IsCompleted);

            await using var second = await EngineHostProcess.StartAsync(azurite.ConnectionString, hub, hostLog);
            var secondStarted = clock.Elapsed;
            var done = await AzureStorageEngineTests.WaitAsync(observer.Client, instanceId, TimeSpan.FromSeconds(120));
            var finishedAt = clock.Elapsed;

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            // 0^2 + 1^2 + ... + 7^2
            Assert.Equal(new FanOutResult(140, Items), done.ReadOutputAs<FanOutResult>());
            var after = ReadItems(markers);
            Assert.Equal(Items, after.Count);
            // Every item was finished by the new host; the ones the dead host had started ran again
            // (which is why activities must be idempotent).
            Assert.All(after.Values, i => Assert.Contains(second.ProcessId, i.Dones));
            Assert.All(beforeKill.Keys, index => Assert.Contains(second.ProcessId, after[index].Starts));
            Assert.DoesNotContain(after.Values, i => i.Dones.Contains(firstPid));

            output.WriteLine(
                $"killed after {killedAt.TotalSeconds:F1} s with {beforeKill.Count} activities in flight; " +
                $"new host up {(secondStarted - killedAt).TotalSeconds:F1} s later; run finished " +
                $"{(finishedAt - secondStarted).TotalSeconds:F1} s after the new host started " +
                $"({(finishedAt - killedAt).TotalSeconds:F1} s after the kill)");
            output.WriteLine(File.ReadAllText(hostLog));
        }
        finally
        {
            await observer.DeleteTaskHubAsync();
            Directory.Delete(markers, recursive: true);
        }
    }

    private sealed record ItemLog(List<int> Starts, List<int> Dones);

    /// <summary>Per item, the process ids that started it and that finished it.</summary>
    private static Dictionary<int, ItemLog> ReadItems(string directory)
    {
        var items = new Dictionary<int, ItemLog>();
        foreach (var file in Directory.GetFiles(directory, "item-*.log"))
        {
            var index = int.Parse(Path.GetFileNameWithoutExtension(file)["item-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var log = new ItemLog([], []);
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length < 2)
                {
                    continue; // a line cut short by the kill
                }

                var pid = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                (parts[0] == "start" ? log.Starts : log.Dones).Add(pid);
            }

            items[index] = log;
        }

        return items;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"condition not met within {limit}");
            }

            await Task.Delay(50);
        }
    }
}
