namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// A spend bound or share rule the plan breaks. <c>Limit</c> and <c>Value</c> are in money (a share rule's
/// limit is <c>share · total</c>); <c>Gap</c> is how far the plan is on the wrong side, always positive.
/// </summary>
public sealed record PlanViolation(string Name, string Kind, IReadOnlyList<string> Channels, double Limit, double Value, double Gap, double? Share = null, double? PlanShare = null);
