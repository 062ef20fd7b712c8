using MarkovFunctions.Cli.Commands;

// The `markov` command: the local way to run everything the Functions app runs.
return await MarkovCommandLine.RunWithSignalsAsync(args);
