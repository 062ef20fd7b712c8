using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>Which activity failures the durable retry repeats (the orchestration's IoRetry policy).</summary>
public sealed class RetryClassificationTests
{
    private static TaskFailureDetails Failure(string type, TaskFailureDetails? inner = null) => new(type, "message", null, inner, null);

    [Fact]
    public void IsTransient_ConnectionRefused_IsRetried()
    {
        // What Npgsql throws when the server is down: its exception around a SocketException, a type
        // name several assemblies define (resolving it by name throws AmbiguousMatchException).
        var refused = Failure("Npgsql.NpgsqlException", Failure("System.Net.Sockets.SocketException"));

        Assert.True(WeeklyBudgetPipeline.IsTransient(refused));
        Assert.True(WeeklyBudgetPipeline.IsTransient(Failure("System.Net.Http.HttpRequestException", Failure("System.Net.Sockets.SocketException"))));
        Assert.True(WeeklyBudgetPipeline.IsTransient(Failure("System.TimeoutException")));
    }

    [Theory]
    [InlineData(typeof(InputValidationException))]
    [InlineData(typeof(ConfigurationException))]
    [InlineData(typeof(ModelException))]
    [InlineData(typeof(PermanentFailureException))]
    public void IsTransient_PermanentType_AnywhereInTheChain_IsNotRetried(Type permanent)
    {
        Assert.False(WeeklyBudgetPipeline.IsTransient(Failure(permanent.FullName!)));
        Assert.False(WeeklyBudgetPipeline.IsTransient(Failure("System.AggregateException", Failure(permanent.FullName!, Failure("System.Net.Sockets.SocketException")))));
    }
}
