namespace MarkovFunctions.Cli.Commands;

/// <summary>A command line that cannot be carried out as given (e.g. an output directory that is not empty).</summary>
public sealed class UsageException(string message) : Exception(message);
