namespace MarkovFunctions.Domain.Inputs;

/// <summary>The data is valid but the model has nothing to compute from (no conversions, zero calibration scale).</summary>
public sealed class ModelException(string message) : Exception(message)
{
    /// <summary>The input column the refusal names (<c>table.column</c>), when it names one; a caller that words the refusal for its own context keeps such a message as it is.</summary>
    public string? Column { get; init; }
}
