namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Why a channel got its money (docs/MODEL.md section 5.2): <c>at_max</c> / <c>at_min</c> with the bound,
/// <c>held_by_rule</c> with the rule and its cost in the goal's units, or <c>interior</c>.
/// </summary>
public sealed record ChannelReason(string Code, string Text, double? Bound = null, string? Rule = null, double? RuleCost = null)
{
    public const string AtMax = "at_max";
    public const string AtMin = "at_min";
    public const string HeldByRule = "held_by_rule";
    public const string Interior = "interior";
}
