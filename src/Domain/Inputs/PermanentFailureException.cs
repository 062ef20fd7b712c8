namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// A failure that no retry heals, with the message to report: wrong credentials, a role without
/// rights. The orchestrator's retry policy fails on it at once.
/// </summary>
public sealed class PermanentFailureException(string message, Exception? inner = null) : Exception(message, inner);
