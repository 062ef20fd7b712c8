using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>One channel of an optimal allocation.</summary>
public sealed record ChannelAllocation(
    string Channel,
    double OptimalSpend,
    double CurrentSpend,
    double? SpendChangePct,
    double PredictedConversions,
    double MarginalValue,
    bool AtMin,
    bool AtMax)
{
    /// <summary>The bootstrap interval of the spend (summary.json only; absent when intervals are off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OptimalSpendLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OptimalSpendHigh { get; init; }

    /// <summary>Why the channel got this spend (MODEL.md section 5.2); absent unless the budget was explained.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChannelReason? Reason { get; init; }

    /// <summary>v_c (MODEL.md section 5.1); absent under the default conversions goal.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValuePerConversion { get; init; }
}
