namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// Input that the model cannot use. The message names the table, the column and an example row,
/// so that whoever owns the data can find and fix it.
/// </summary>
public sealed class InputValidationException : Exception
{
    public InputValidationException(string table, string? column, string problem, string? example = null)
        : base(Compose(table, column, problem, example))
    {
        Table = table;
        Column = column;
        Problem = problem;
        Example = example;
    }

    public string Table { get; }

    public string? Column { get; }

    public string Problem { get; }

    public string? Example { get; }

    private static string Compose(string table, string? column, string problem, string? example)
    {
        var where = column is null ? table : $"{table}.{column}";
        return example is null ? $"{where}: {problem}" : $"{where}: {problem} (example: {example})";
    }
}

/// <summary>A run or request configuration that cannot be used (budgets, alpha, constraints).</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>The data is valid but the model has nothing to compute from (no conversions, zero calibration scale).</summary>
public sealed class ModelException(string message) : Exception(message);
