using System.Diagnostics;
using DurableTask.Core.Exceptions;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MarkovFunctions.Hosting.Tests.Durable;

/// <summary>The engine on the backend Durable Functions uses, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageEngineTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static string NewHubName() => "hub" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task FanOut_TwentyActivities_CompletesWithSumOfSquares()
    {
        await using var services = new ServiceCollection().AddSingleton<Greeter>().BuildServiceProvider();
        var clock = Stopwatch.StartNew();
        var engine = await DurableEngine.StartNewAsync(
            new DurableEngineOptions { StorageConnectionString = azurite.ConnectionString, HubName = NewHubName() }, TestTasks.Catalog, services);
        var started = clock.Elapsed;
        try
        {
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.FanOut, new FanOutInput(20, 0, null));
            var done = await WaitAsync(engine.Client, id, TimeSpan.FromSeconds(60));
            var ran = clock.Elapsed - started;

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            // 0^2 + ... + 19^2 = 19 * 20 * 39 / 6
            Assert.Equal(new FanOutResult(2470, 20), done.ReadOutputAs<FanOutResult>());
            output.WriteLine($"engine start {started.TotalSeconds:F2} s, fan-out of 20 {ran.TotalSeconds:F2} s");
        }
        finally
        {
            await engine.DeleteTaskHubAsync();
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task ScheduleNew_SameIdWhileRunning_RefusedThenReusableOnceDone()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var engine = await DurableEngine.StartNewAsync(
            new DurableEngineOptions { StorageConnectionString = azurite.ConnectionString, HubName = NewHubName() }, TestTasks.Catalog, services);
        try
        {
            var options = new StartOrchestrationOptions("weekly-2026-W48");
            await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.FanOut, new FanOutInput(2, 1500, null), options);

            await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
                engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.FanOut, new FanOutInput(3, 0, null), options));
            var done = await WaitAsync(engine.Client, "weekly-2026-W48", TimeSpan.FromSeconds(60));

            Assert.Equal(new FanOutResult(1, 2), done.ReadOutputAs<FanOutResult>());
            Assert.Equal(new FanOutInput(2, 1500, null), done.ReadInputAs<FanOutInput>());
        }
        finally
        {
            await engine.DeleteTaskHubAsync();
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Activity_Throws_FailedWithDetailsAndPurgeable()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var engine = await DurableEngine.StartNewAsync(
            new DurableEngineOptions { StorageConnectionString = azurite.ConnectionString, HubName = NewHubName() }, TestTasks.Catalog, services);
        try
        {
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.Failing, "no data");
            var done = await WaitAsync(engine.Client, id, TimeSpan.FromSeconds(60));

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            Assert.NotNull(done.FailureDetails);
            Assert.Equal(typeof(Microsoft.DurableTask.TaskFailedException).FullName, done.FailureDetails.ErrorType);
            Assert.EndsWith("activity refused: no data", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);

            var purged = await engine.Client.PurgeInstanceAsync(id);

            Assert.Equal(1, purged.PurgedInstanceCount);
            Assert.Null(await engine.Client.GetInstanceAsync(id));
        }
        finally
        {
            await engine.DeleteTaskHubAsync();
            await engine.DisposeAsync();
        }
    }

    internal static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
