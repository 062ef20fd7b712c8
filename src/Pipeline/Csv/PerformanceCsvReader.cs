using CsvHelper;
using MarkovFunctions.Domain.Inputs;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>Reads and validates <c>channel_performance</c> from CSV.</summary>
public static class PerformanceCsvReader
{
    public static ChannelPerformanceTable Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputValidationException(Performance, null, $"file '{path}' does not exist");
        }

        if (file.Length == 0)
        {
            throw new InputValidationException(Performance, null, $"the table is empty (file '{path}' has no header and no rows)");
        }

        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true });
        var header = reader.Headers.Select(h => h.Trim()).ToArray();
        RequireColumns(Performance, header, PerformanceColumns.Required);
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));

        var rows = new List<ChannelPerformance>();
        while (reader.Read())
        {
            var example = $"line {reader.LineNumber}: {string.Join(", ", header.Select((h, i) => $"{h}='{reader.GetString(i)}'"))}";
            double Number(string column) => FieldParser.ParseNonNegative(reader.GetString(Column(column)), Performance, column, example);
            var channel = FieldParser.RequireChannel(reader.GetString(Column(PerformanceColumns.Channel)), Performance, PerformanceColumns.Channel, example);
            rows.Add(new ChannelPerformance(
                channel,
                Number(PerformanceColumns.CurrentMonthlySpend),
                Number(PerformanceColumns.ConversionsAttributed),
                Number(PerformanceColumns.CostPerConversion),
                Number(PerformanceColumns.MinMonthlySpend),
                Number(PerformanceColumns.MaxMonthlySpend),
                Number(PerformanceColumns.ConversionRatePer1000)));
        }

        return ChannelPerformanceTable.Create(rows);
    }
}
