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
    /// <summary>Conversions credited by the Shapley value on the chain (MODEL.md section 14).</summary>
    public double Shapley { get; init; }

    /// <summary>Its standard error when sampled (above 16 channels); not written when exact.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ShapleyStandardError { get; init; }

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
