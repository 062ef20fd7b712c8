using System.CommandLine;
using MarkovFunctions.LocalHost.Commands;

// The `markov` command: the local way to run everything the Functions app runs.
var root = new RootCommand("MarkovFunctions: Markov-chain attribution and budget optimisation, run locally.")
{
    SampleCommand.Create(),
    RunCommand.Create(),
    ServiceCommands.Status(),
    ServiceCommands.Recommend(),
    ServiceCommands.Seed(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("Run 'markov --help' for usage.");
    return ExitCodes.BadInput;
}

return await parsed.InvokeAsync();
