namespace MarkovFunctions.Domain.Inputs;

/// <summary>A run or request configuration that cannot be used (budgets, alpha, constraints).</summary>
public sealed class ConfigurationException(string message) : Exception(message);
