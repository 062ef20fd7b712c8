using MarkovFunctions.Domain.Inputs;
using Npgsql;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// Tells PostgreSQL errors a retry can heal from those it only repeats; beside the retry policy
/// (<see cref="Orchestration.WeeklyBudgetPipeline.IsTransient"/>), which acts on what it decides.
/// </summary>
public static class PostgresFailures
{
    // 28P01 wrong password, 28000 no such role or pg_hba refusal, 42501 the role lacks the right;
    // 57014 statement timeout (the same scan times out again), 53300 too many connections (the pool
    // is full for longer than the retries last), 22003 numeric overflow (the data does not change).
    private static readonly HashSet<string> Permanent = new(StringComparer.Ordinal) { "28P01", "28000", "42501", "57014", "53300", "22003" };

    public static bool IsPermanent(Exception exception)
    {
        // A cancelled command also reports 57014: the host stopping is no reason not to run again.
        if (exception is OperationCanceledException)
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: var state } && Permanent.Contains(state))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs <paramref name="work"/>, turning an error that repeats (authentication, permission, timeout, overflow) into a <see cref="PermanentFailureException"/> with the same message.</summary>
    public static async Task<T> ClassifyAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            throw new PermanentFailureException(ex.Message, ex);
        }
    }
}
