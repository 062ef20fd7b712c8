using System.Globalization;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>One row of <c>dw4.channel_performance</c>, its channel name normalised.</summary>
public sealed record ChannelPerformance(
    string Channel,
    double CurrentMonthlySpend,
    double ConversionsAttributed,
    double CostPerConversion,
    double MinMonthlySpend,
    double MaxMonthlySpend,
    double ConversionRatePer1000);

/// <summary>The validated channel performance table: names normalised, one row per channel, ordered by name.</summary>
public sealed class ChannelPerformanceTable
{
    private ChannelPerformanceTable(IReadOnlyList<ChannelPerformance> rows) => Rows = rows;

    /// <summary>The rows, ordinal by channel name.</summary>
    public IReadOnlyList<ChannelPerformance> Rows { get; }

    public IEnumerable<string> Channels => Rows.Select(r => r.Channel);

    /// <summary>Normalises names and checks every rule of MODEL.md section 1 that applies to this table.</summary>
    public static ChannelPerformanceTable Create(IEnumerable<ChannelPerformance> rows)
    {
        var byChannel = new Dictionary<string, ChannelPerformance>(StringComparer.Ordinal);
        var rowNumber = 0;
        foreach (var raw in rows)
        {
            rowNumber++;
            var example = Describe(raw, rowNumber);
            var channel = FieldParser.RequireChannel(raw.Channel, Performance, PerformanceColumns.Channel, example);
            var row = raw with { Channel = channel };
            FieldParser.RequireNonNegative(row.CurrentMonthlySpend, Performance, PerformanceColumns.CurrentMonthlySpend, example);
            FieldParser.RequireNonNegative(row.ConversionsAttributed, Performance, PerformanceColumns.ConversionsAttributed, example);
            FieldParser.RequireNonNegative(row.CostPerConversion, Performance, PerformanceColumns.CostPerConversion, example);
            FieldParser.RequireNonNegative(row.MinMonthlySpend, Performance, PerformanceColumns.MinMonthlySpend, example);
            FieldParser.RequireNonNegative(row.MaxMonthlySpend, Performance, PerformanceColumns.MaxMonthlySpend, example);
            FieldParser.RequireNonNegative(row.ConversionRatePer1000, Performance, PerformanceColumns.ConversionRatePer1000, example);
            if (row.MinMonthlySpend > row.MaxMonthlySpend)
            {
                throw new InputValidationException(
                    Performance, PerformanceColumns.MinMonthlySpend,
                    $"min_monthly_spend {Format(row.MinMonthlySpend)} is above max_monthly_spend {Format(row.MaxMonthlySpend)}", example);
            }

            if (!byChannel.TryAdd(channel, row))
            {
                throw new InputValidationException(
                    Performance, PerformanceColumns.Channel, $"channel '{channel}' is listed twice (names are compared after normalisation)", example);
            }
        }

        if (byChannel.Count == 0)
        {
            throw new InputValidationException(Performance, null, "the table has no rows");
        }

        return new ChannelPerformanceTable(byChannel.Values.OrderBy(r => r.Channel, StringComparer.Ordinal).ToArray());
    }

    private static string Describe(ChannelPerformance row, int rowNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"row {rowNumber}: channel='{row.Channel}'");

    private static string Format(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
