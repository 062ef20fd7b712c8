using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>One channel's Markov credit and its heuristic credits.</summary>
public sealed record ChannelAttribution(
    string Channel,
    double RemovalEffect,
    double RemovalWeight,
    double AttributedConversions,
    double AttributedValue,
    double FirstTouch,
    double LastTouch,
    double Linear,
    double PositionBased,
    double TimeDecay)
{
    /// <summary>Conversions credited by the channel's Shapley value on the chain (MODEL.md section 14).</summary>
    public double Shapley { get; init; }

    /// <summary>The standard error of <see cref="Shapley"/> when it was sampled; null (not written) when exact.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ShapleyStandardError { get; init; }
}
