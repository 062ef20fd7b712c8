using CsvHelper;
using MarkovFunctions.Domain.Inputs;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>Reads and validates <c>channel_performance</c> from CSV.</summary>
public static class PerformanceCsvReader
{
    public static ChannelPerformanceTable Read(string path)
    {
        using var reader = CsvInput.Open(Performance, path);
        return CsvInput.Guard(Performance, () => Read(reader));
    }

    private static ChannelPerformanceTable Read(CsvReader reader)
    {
        var header = CsvInput.Header(Performance, reader, PerformanceColumns.Required);
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));

        var rows = new List<ChannelPerformance>();
        var examples = new List<string>();
        while (reader.Read())
        {
            var example = CsvInput.Describe(reader, header);
            CsvInput.RequireFieldCount(Performance, reader, header, () => example);
            double Number(string column) => FieldParser.ParseNonNegative(reader.GetString(Column(column)), Performance, column, example);
            var channelColumn = Column(PerformanceColumns.Channel);
            CsvInput.RequireUtf8(Performance, PerformanceColumns.Channel, reader.GetSpan(channelColumn), () => example);
            var channel = FieldParser.RequireChannel(reader.GetString(channelColumn), Performance, PerformanceColumns.Channel, example);

            // The model never reads cost_per_conversion: a channel without conversions has none, left empty.
            var cost = reader.GetString(Column(PerformanceColumns.CostPerConversion));
            rows.Add(new ChannelPerformance(
                channel,
                Number(PerformanceColumns.CurrentMonthlySpend),
                Number(PerformanceColumns.ConversionsAttributed),
                string.IsNullOrWhiteSpace(cost) ? null : Number(PerformanceColumns.CostPerConversion),
                Number(PerformanceColumns.MinMonthlySpend),
                FieldParser.ParseNonNegative(reader.GetString(Column(PerformanceColumns.MaxMonthlySpend)), Performance, PerformanceColumns.MaxMonthlySpend, example, max: double.MaxValue),
                Number(PerformanceColumns.ConversionRatePer1000)));
            examples.Add(example);
        }

        return ChannelPerformanceTable.Create(rows, examples);
    }
}
