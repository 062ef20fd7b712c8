using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Hosting.Tests.Durable;

public sealed class InMemoryEngineTests : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private DurableEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddSingleton<Greeter>().BuildServiceProvider();
        _engine = await DurableEngine.StartNewAsync(
            new DurableEngineOptions { HubName = "inmemory", MaxConcurrentActivities = 16 }, TestTasks.Catalog, _services);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task FanOut_FiftyActivities_CompletesWithSumOfSquares()
    {
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.FanOut, new FanOutInput(50, 0, null));

        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        // 0^2 + 1^2 + ... + 49^2 = 49 * 50 * 99 / 6
        Assert.Equal(new FanOutResult(40425, 50), done.ReadOutputAs<FanOutResult>());
    }

    [Fact]
    public async Task FanOut_SixteenSlowActivities_RunInParallel()
    {
        var clock = Stopwatch.StartNew();
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.FanOut, new FanOutInput(16, 500, null));

        var done = await WaitAsync(id);

        Assert.Equal(new FanOutResult(1240, 16), done.ReadOutputAs<FanOutResult>());
        // 16 x 0.5 s: 4 s two at a time (the in-memory backend's own limit on 2 cores), ~0.5 s sixteen at a time.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Activity_Throws_OrchestrationFailsWithTheActivitysMessage()
    {
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.Failing, "bad input");

        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("activity refused: bad input", done.FailureDetails.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_WithConstructorDependency_ResolvedFromHostServices()
    {
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ServiceEcho, "markov");

        var done = await WaitAsync(id);

        Assert.Equal("hello markov", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task GetInstanceAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await _engine.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task ScheduleNew_GivenInstanceId_UsesIt()
    {
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(
            TestTasks.ServiceEcho, "x", new Microsoft.DurableTask.StartOrchestrationOptions("weekly-2026-W48"));

        var done = await WaitAsync(id);

        Assert.Equal("weekly-2026-W48", id);
        Assert.Equal(TestTasks.ServiceEcho, done.Name);
    }

    private async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
