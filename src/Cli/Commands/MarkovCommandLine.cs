using System.CommandLine;
using System.Runtime.InteropServices;

namespace MarkovFunctions.Cli.Commands;

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

        // Termination is handled by RunWithSignalsAsync: System.CommandLine's own handler would end the
        // process 2 s after a signal, before the spill files and the partial run folder are deleted.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, ct);
    }

    /// <summary>
    /// The process entry point: SIGINT and SIGTERM cancel the command, which stops the work and
    /// deletes what it had started (spill files, the partial run folder); the exit code then says
    /// which signal it was (130 for SIGINT, 143 for SIGTERM, as shells report them).
    /// </summary>
    public static async Task<int> RunWithSignalsAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        var received = 0;
        void OnSignal(PosixSignalContext context)
        {
            // Keep the process alive until the command has cleaned up; a second signal changes nothing.
            context.Cancel = true;
            Interlocked.CompareExchange(ref received, context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted, 0);
            cancel.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var code = await RunAsync(args, cancel.Token);
        return code == ExitCodes.Cancelled && Volatile.Read(ref received) is var signal and not 0 ? signal : code;
    }
}
