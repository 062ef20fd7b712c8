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

    [Theory]
    [InlineData("System.OutOfMemoryException", "Insufficient memory to continue the execution of the program.")]
    [InlineData("System.IO.IOException", "No space left on device : '/tmp/markov-spill/3.bin'")]
    public void IsTransient_OutOfMemoryOrDiskFull_IsNotRetried(string type, string message)
    {
        Assert.False(WeeklyBudgetPipeline.IsTransient(new TaskFailureDetails(type, message, null, null, null)));
        Assert.True(WeeklyBudgetPipeline.IsTransient(new TaskFailureDetails("System.IO.IOException", "Connection reset by peer", null, null, null)));
    }

    [Theory]
    [InlineData("57014", true)]
    [InlineData("53300", true)]
    [InlineData("22003", true)]
    [InlineData("28P01", true)]
    [InlineData("40001", false)]
    [InlineData("08006", false)]
    public void IsPermanent_PostgresState_OnlyThoseThatRepeat(string sqlState, bool permanent)
    {
        var error = new Npgsql.PostgresException("message", "ERROR", "ERROR", sqlState);

        Assert.Equal(permanent, Postgres.PostgresFailures.IsPermanent(error));
        Assert.Equal(permanent, Postgres.PostgresFailures.IsPermanent(new Npgsql.NpgsqlException("wrapped", error)));
    }

    [Fact]
    public void IsPermanent_CancelledCommand_IsNotPermanent()
    {
        // Npgsql reports a cancelled command as 57014 inside an OperationCanceledException: a host stopping, not a timeout.
        Assert.False(Postgres.PostgresFailures.IsPermanent(new OperationCanceledException("cancelled", new Npgsql.PostgresException("canceling statement due to user request", "ERROR", "ERROR", "57014"))));
    }
}
