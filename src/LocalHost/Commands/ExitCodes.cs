using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.LocalHost.Commands;

/// <summary>0: the run completed (infeasible budgets included); 2: bad input or configuration; 1: anything else.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Runs a command body, turning the failures a user can fix into a message and exit code 2.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
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

/// <summary>A command line that cannot be carried out as given (e.g. an output directory that is not empty).</summary>
public sealed class UsageException(string message) : Exception(message);
