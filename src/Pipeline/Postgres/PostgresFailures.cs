using MarkovFunctions.Domain.Inputs;
using Npgsql;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// Tells PostgreSQL errors a retry can heal from those it only repeats; beside the retry policy
/// (<see cref="Orchestration.WeeklyBudgetPipeline.IsTransient"/>), which acts on what it decides.
/// </summary>
public static class PostgresFailures
{
    // 28P01 wrong password, 28000 no such role or pg_hba refusal, 42501 the role lacks the right.
    private static readonly HashSet<string> Permanent = new(StringComparer.Ordinal) { "28P01", "28000", "42501" };

    public static bool IsPermanent(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: var state } && Permanent.Contains(state))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs <paramref name="work"/>, turning an authentication or permission error into a <see cref="PermanentFailureException"/> with the same message.</summary>
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
