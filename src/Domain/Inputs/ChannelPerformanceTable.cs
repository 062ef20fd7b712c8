using System.Globalization;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>The validated channel performance table: names normalised, one row per channel, ordered by name.</summary>
public sealed class ChannelPerformanceTable
{
    private ChannelPerformanceTable(IReadOnlyList<ChannelPerformance> rows, IReadOnlyList<string> warnings) => (Rows, Warnings) = (rows, warnings);

    /// <summary>The rows, ordinal by channel name.</summary>
    public IReadOnlyList<ChannelPerformance> Rows { get; }

    /// <summary>What is odd but usable, such as a current spend outside its own bounds; for the manifest and the report.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IEnumerable<string> Channels => Rows.Select(r => r.Channel);

    /// <summary>Normalises names and checks every rule of MODEL.md section 1 that applies to this table.</summary>
    /// <param name="rows">The rows as read.</param>
    /// <param name="examples">How error messages name each row (the CSV reader gives its line and fields); by default "row N" and the channel.</param>
    public static ChannelPerformanceTable Create(IEnumerable<ChannelPerformance> rows, IReadOnlyList<string>? examples = null)
    {
        var byChannel = new Dictionary<string, ChannelPerformance>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var rowNumber = 0;
        foreach (var raw in rows)
        {
            rowNumber++;
            var example = examples is not null && rowNumber <= examples.Count ? examples[rowNumber - 1] : Describe(raw, rowNumber);
            var channel = FieldParser.RequireChannel(raw.Channel, Performance, PerformanceColumns.Channel, example);
            var row = raw with { Channel = channel };
            FieldParser.RequireNonNegative(row.CurrentMonthlySpend, Performance, PerformanceColumns.CurrentMonthlySpend, example);
            FieldParser.RequireNonNegative(row.ConversionsAttributed, Performance, PerformanceColumns.ConversionsAttributed, example);
            if (row.CostPerConversion is { } cost)
            {
                FieldParser.RequireNonNegative(cost, Performance, PerformanceColumns.CostPerConversion, example);
            }

            FieldParser.RequireNonNegative(row.MinMonthlySpend, Performance, PerformanceColumns.MinMonthlySpend, example);

            // Any finite cap is accepted: one above the budget (1e308 for "no cap") simply never binds.
            FieldParser.RequireNonNegative(row.MaxMonthlySpend, Performance, PerformanceColumns.MaxMonthlySpend, example, max: double.MaxValue);
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

            // Usable (the optimiser moves the spend inside the bounds), but worth a word: the bounds may be stale.
            if (row.CurrentMonthlySpend > row.MaxMonthlySpend)
            {
                warnings.Add($"{Performance}.{PerformanceColumns.CurrentMonthlySpend}: channel '{channel}' spends {Format(row.CurrentMonthlySpend)} now, above its max_monthly_spend {Format(row.MaxMonthlySpend)}");
            }
            else if (row.CurrentMonthlySpend < row.MinMonthlySpend)
            {
                warnings.Add($"{Performance}.{PerformanceColumns.CurrentMonthlySpend}: channel '{channel}' spends {Format(row.CurrentMonthlySpend)} now, below its min_monthly_spend {Format(row.MinMonthlySpend)}");
            }
        }

        if (byChannel.Count == 0)
        {
            throw new InputValidationException(Performance, null, "the table has no rows");
        }

        return new ChannelPerformanceTable(byChannel.Values.OrderBy(r => r.Channel, StringComparer.Ordinal).ToArray(), warnings);
    }

    private static string Describe(ChannelPerformance row, int rowNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"row {rowNumber}: channel='{row.Channel}'");

    private static string Format(double value) => value < 1e15 ? value.ToString("#,0.##", CultureInfo.InvariantCulture) : value.ToString("g6", CultureInfo.InvariantCulture);
}
