using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace MarkovFunctions.Hosting.Tests.Durable;

public sealed record FanOutInput(int Items, int ActivityDelayMs, string? MarkerDirectory);

public sealed record FanOutItem(int Index, int DelayMs, string? MarkerDirectory);

public sealed record FanOutResult(long SumOfSquares, int Activities);

/// <summary>Test orchestrations, registered through the same catalog type as the product's.</summary>
public static class TestTasks
{
    public const string FanOut = "TestFanOut";
    public const string Square = "TestSquare";
    public const string Failing = "TestFailing";
    public const string Throw = "TestThrow";
    public const string ServiceEcho = "TestServiceEcho";
    public const string EchoActivity = "TestEchoActivity";

    public static DurableTaskCatalog Catalog { get; } = new(
    [
        DurableTaskRegistration.Orchestrator<FanOutOrchestrator>(FanOut),
        DurableTaskRegistration.Activity<SquareActivity>(Square),
        DurableTaskRegistration.Orchestrator<FailingOrchestrator>(Failing),
        DurableTaskRegistration.Activity<ThrowActivity>(Throw),
        DurableTaskRegistration.Orchestrator<ServiceEchoOrchestrator>(ServiceEcho),
        DurableTaskRegistration.Activity<EchoServiceActivity>(EchoActivity),
    ]);
}

/// <summary>Fan-out: one activity per item, all in flight at once; fan-in: the sum.</summary>
public sealed class FanOutOrchestrator : TaskOrchestrator<FanOutInput, FanOutResult>
{
    public override async Task<FanOutResult> RunAsync(TaskOrchestrationContext context, FanOutInput input)
    {
        var tasks = Enumerable.Range(0, input.Items)
            .Select(i => context.CallActivityAsync<long>(TestTasks.Square, new FanOutItem(i, input.ActivityDelayMs, input.MarkerDirectory)))
            .ToList();
        var squares = await Task.WhenAll(tasks);
        return new FanOutResult(squares.Sum(), squares.Length);
    }
}

/// <summary>
/// Squares its index after a pause. With a marker directory it appends one line per start and per
/// finish to that item's file, so a test can see which runs were cut off by a crash and ran again.
/// </summary>
public sealed class SquareActivity : TaskActivity<FanOutItem, long>
{
    public override async Task<long> RunAsync(TaskActivityContext context, FanOutItem input)
    {
        Mark(input, "start");
        if (input.DelayMs > 0)
        {
            await Task.Delay(input.DelayMs);
        }

        Mark(input, "done");
        return (long)input.Index * input.Index;
    }

    private static void Mark(FanOutItem input, string what)
    {
        if (input.MarkerDirectory is { } directory)
        {
            File.AppendAllText(
                Path.Combine(directory, $"item-{input.Index:D3}.log"),
                $"{what} {Environment.ProcessId} {DateTimeOffset.UtcNow:O}\n");
        }
    }
}

public sealed class FailingOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(TestTasks.Throw, input);
}

public sealed class ThrowActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new InvalidOperationException($"activity refused: {input}");
}

/// <summary>A dependency an activity gets from the host's service provider.</summary>
public sealed class Greeter
{
    public string Greet(string name) => $"hello {name}";
}

public sealed class ServiceEchoOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(TestTasks.EchoActivity, input);
}

public sealed class EchoServiceActivity(Greeter greeter) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(greeter.Greet(input));
}
