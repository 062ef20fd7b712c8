namespace MarkovFunctions.Domain.Inputs;

/// <summary>The data is valid but the model has nothing to compute from (no conversions, zero calibration scale).</summary>
public sealed class ModelException(string message) : Exception(message);
