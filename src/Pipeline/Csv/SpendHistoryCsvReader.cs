using CsvHelper;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.ResponseFitting;
using static MarkovFunctions.Domain.ResponseFitting.SpendHistory;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>Reads and validates <c>channel_spend_history</c> from CSV (MODEL.md section 11).</summary>
public static class SpendHistoryCsvReader
{
    public static SpendHistory Read(string path)
    {
        using var reader = CsvInput.Open(Table, path);
        return CsvInput.Guard(Table, () => Read(reader));
    }

    private static SpendHistory Read(CsvReader reader)
    {
        var header = CsvInput.Header(Table, reader, Columns.Required);
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));

        var rows = new List<SpendWeek>();
        var examples = new List<string>();
        while (reader.Read())
        {
            var example = CsvInput.Describe(reader, header);
            CsvInput.RequireFieldCount(Table, reader, header, () => example);
            if (rows.Count >= MaxRows)
            {
                throw new InputValidationException(Table, null, $"the table has more than {MaxRows:N0} rows; keep the last 104 weeks of each channel", example);
            }

            double Number(string column) => FieldParser.ParseNonNegative(reader.GetString(Column(column)), Table, column, example);
            var channelColumn = Column(Columns.Channel);
            CsvInput.RequireUtf8(Table, Columns.Channel, reader.GetSpan(channelColumn), () => example);
            rows.Add(new SpendWeek(
                ParseWeekStart(reader.GetString(Column(Columns.WeekStart)), example),
                reader.GetString(channelColumn) ?? string.Empty,
                Number(Columns.Spend),
                Number(Columns.Conversions)));
            examples.Add(example);
        }

        return Create(rows, examples);
    }
}
