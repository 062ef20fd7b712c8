using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>One campaign under its channel: the campaign chain's attribution (MODEL.md section 10).</summary>
public sealed class MarkovAttributionByCampaignRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("campaign")] public required string Campaign { get; init; }

    [JsonPropertyName("removal_effect")] public required double RemovalEffect { get; init; }

    [JsonPropertyName("removal_weight")] public required double RemovalWeight { get; init; }

    [JsonPropertyName("attributed_conversions")] public required double AttributedConversions { get; init; }

    [JsonPropertyName("attributed_value")] public required double AttributedValue { get; init; }

    [JsonPropertyName("baseline_conversion")] public required double BaselineConversion { get; init; }

    [JsonPropertyName("first_touch")] public required double FirstTouch { get; init; }

    [JsonPropertyName("last_touch")] public required double LastTouch { get; init; }

    [JsonPropertyName("linear")] public required double Linear { get; init; }

    [JsonPropertyName("position_based")] public required double PositionBased { get; init; }

    [JsonPropertyName("time_decay")] public required double TimeDecay { get; init; }

    // Last, as in every table: weekly, adhoc or cli.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
