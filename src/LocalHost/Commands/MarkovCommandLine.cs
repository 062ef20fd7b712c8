using System.CommandLine;

namespace MarkovFunctions.LocalHost.Commands;

/// <summary>The <c>markov</c> command line, callable in-process (tests run it hundreds of times without a process each).</summary>
public static class MarkovCommandLine
{
    public static RootCommand Create() => new("MarkovFunctions: Markov-chain attribution and budget optimisation, run locally.")
    {
        SampleCommand.Create(),
        RunCommand.Create(),
        EvaluateCommand.Create(),
        ServiceCommands.Status(),
        ServiceCommands.Recommend(),
        ServiceCommands.Seed(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; a command line that does not parse is bad input (exit 2).</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'markov --help' for usage.");
            return ExitCodes.BadInput;
        }

        return await parsed.InvokeAsync(cancellationToken: ct);
    }
}
