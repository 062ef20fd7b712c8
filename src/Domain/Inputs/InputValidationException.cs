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

    /// <summary>The longest message, in characters: it goes to stderr, logs, the run status and the notification.</summary>
    public const int MaxMessageLength = 2_000;

    private static string Compose(string table, string? column, string problem, string? example)
    {
        var where = column is null ? table : $"{table}.{column}";
        var message = example is null ? $"{where}: {problem}" : $"{where}: {problem} (example: {example})";
        return Truncate(message, MaxMessageLength);
    }

    /// <summary>Cuts a message to <paramref name="limit"/> characters, saying so; never between the two halves of a surrogate pair.</summary>
    public static string Truncate(string message, int limit = MaxMessageLength) =>
        message.Length <= limit ? message : string.Concat(Prefix(message, limit - 40), $"… ({message.Length:N0} characters in all)");

    /// <summary>The first <paramref name="length"/> characters, one fewer when the last would be the high half of a surrogate pair.</summary>
    public static ReadOnlySpan<char> Prefix(ReadOnlySpan<char> text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        return length > 0 && char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }
}
