using System.Text;
using System.Text.Unicode;
using CsvHelper;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>What both CSV readers check before and while they read: the file, its size limits, its field counts and its encoding.</summary>
internal static class CsvInput
{
    /// <summary>The longest record (one line, or several inside quotes) accepted, in bytes: 1 MiB.</summary>
    public const int MaxRecordBytes = 1 << 20;

    /// <summary>Opens <paramref name="path"/> for <paramref name="table"/>, or says in the table's words why it cannot be read.</summary>
    public static CsvReader Open(string table, string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputValidationException(table, null, $"'{path}' is a directory, not a CSV file");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputValidationException(table, null, $"file '{path}' does not exist");
        }

        if (file.Length == 0)
        {
            throw new InputValidationException(table, null, $"the table is empty (file '{path}' has no header and no rows)");
        }

        try
        {
            return CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true, PoolStrings = true, MaxRecordSize = MaxRecordBytes });
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new InputValidationException(table, null, $"file '{path}' cannot be read: {ex.Message}");
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning the reader's own format errors into the table's message.</summary>
    public static T Guard<T>(string table, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException ex)
        {
            var line = ex.LineNumber > 0 ? $"line {ex.LineNumber}: " : string.Empty;
            throw new InputValidationException(table, null, $"{line}the file is not valid CSV: {InputValidationException.Truncate(ex.Message, 300)}");
        }
    }

    /// <summary>The header's columns, trimmed; every required one present, none twice.</summary>
    public static string[] Header(string table, CsvReader reader, IReadOnlyList<string> required)
    {
        var header = reader.Headers.Select(h => h.Trim()).ToArray();
        Tables.RequireColumns(table, header, required);
        return header;
    }

    /// <summary>A record with more fields than the header has lost its columns' meaning (an unquoted comma, most often).</summary>
    public static void RequireFieldCount(string table, CsvReader reader, string[] header, Func<string> example)
    {
        if (reader.FieldCount > header.Length)
        {
            throw new InputValidationException(
                table, null, $"the record has {reader.FieldCount} fields but the header has {header.Length} (a value with a comma must be in double quotes)", example());
        }
    }

    /// <summary>Text that is not UTF-8 would be read with replacement characters: refuse it, naming the column.</summary>
    public static void RequireUtf8(string table, string column, ReadOnlySpan<byte> field, Func<string> example)
    {
        if (!Utf8.IsValid(field))
        {
            throw new InputValidationException(table, column, "the value is not valid UTF-8 text (save the file as UTF-8)", example());
        }
    }

    /// <summary>An example row for a message: the line and each field (cut to 100 characters), except the customer id.</summary>
    public static string Describe(CsvReader reader, string[] header)
    {
        var fields = new StringBuilder($"line {reader.LineNumber}:");
        for (var i = 0; i < header.Length; i++)
        {
            if (!header[i].Equals(Tables.JourneyColumns.CustomerId, StringComparison.OrdinalIgnoreCase))
            {
                fields.Append($" {header[i]}={FieldParser.Shown(reader.GetString(i))}");
            }
        }

        return fields.ToString();
    }
}
