namespace MarkovFunctions.Domain.Inputs;

/// <summary>The source tables and their columns, named as in MODEL.md section 1.</summary>
public static class Tables
{
    public const string Journeys = "customer_journeys";
    public const string Performance = "channel_performance";

    public static class JourneyColumns
    {
        public const string CustomerId = "customer_id";
        public const string JourneyStep = "journey_step";
        public const string Channel = "channel";
        public const string Timestamp = "timestamp";
        public const string Converted = "converted";
        public const string ConversionValue = "conversion_value";
        public const string CustomerSegment = "customer_segment";
        public const string Campaign = "campaign";

        public static readonly IReadOnlyList<string> Required = [CustomerId, JourneyStep, Channel, Timestamp, Converted];
    }

    public static class PerformanceColumns
    {
        public const string Channel = "channel";
        public const string CurrentMonthlySpend = "current_monthly_spend";
        public const string ConversionsAttributed = "conversions_attributed";
        public const string CostPerConversion = "cost_per_conversion";
        public const string MinMonthlySpend = "min_monthly_spend";
        public const string MaxMonthlySpend = "max_monthly_spend";
        public const string ConversionRatePer1000 = "conversion_rate_per_1000";

        public static readonly IReadOnlyList<string> Required =
            [Channel, CurrentMonthlySpend, ConversionsAttributed, CostPerConversion, MinMonthlySpend, MaxMonthlySpend, ConversionRatePer1000];
    }

    /// <summary>Fails with the first required column that the header lacks.</summary>
    public static void RequireColumns(string table, IEnumerable<string> header, IReadOnlyList<string> required)
    {
        var columns = header.Select(h => h.Trim()).ToArray();
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            // A column named twice would be read from its first place only, silently.
            if (!present.Add(column) && column.Length > 0)
            {
                throw new InputValidationException(table, column, "the header names this column twice", $"header: {FieldParser.Shown(string.Join(",", columns))}");
            }
        }

        if (present.Count == 0 || (present.Count == 1 && present.Contains(string.Empty)))
        {
            throw new InputValidationException(table, null, "the table is empty (no header and no rows)");
        }

        foreach (var column in required)
        {
            if (!present.Contains(column))
            {
                throw new InputValidationException(
                    table, column, "required column is missing", $"columns present: {FieldParser.Shown(string.Join(", ", present.Order(StringComparer.Ordinal)))}");
            }
        }
    }
}
