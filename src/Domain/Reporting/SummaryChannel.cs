using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Reporting;

public sealed record SummaryChannel(
    string Channel,
    double RemovalEffect,
    double RemovalWeight,
    double AttributedConversions,
    double AttributedValue,
    double? ProvidedWeight,
    double? OptWeight,
    double FirstTouch,
    double LastTouch,
    double Linear,
    double PositionBased,
    double TimeDecay)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RemovalWeightLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RemovalWeightHigh { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AttributedConversionsLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AttributedConversionsHigh { get; init; }

    /// <summary>v_c (MODEL.md section 5.1); absent under the default conversions goal.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValuePerConversion { get; init; }
}
