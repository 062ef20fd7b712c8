using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Cli.Commands;

/// <summary>
/// 0: the run completed (infeasible budgets included); 2: bad input or configuration; 130 / 143: stopped
/// by SIGINT / SIGTERM (nothing left behind); 1: anything else.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Cancelled (by the caller's token); the process entry point reports the signal instead.</summary>
    public const int Cancelled = 130;
    public const int Interrupted = 128 + 2;
    public const int Terminated = 128 + 15;

    /// <summary>Runs a command body, turning the failures a user can fix into a message and exit code 2.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("stopped: the run was cancelled; its temporary files and partial output were removed");
            return Cancelled;
        }
        catch (Exception ex) when (ex is InputValidationException or ConfigurationException or ModelException or UsageException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
            return Failure;
        }
    }
}
