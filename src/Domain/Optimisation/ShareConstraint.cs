using System.Globalization;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A strategic share rule resolved to the channels of channel_performance.</summary>
public sealed record ShareConstraint(string Name, IReadOnlyList<string> Channels, ShareBound Bound, double Share)
{
    /// <summary>The rule as a marketer reads it under <paramref name="goal"/>: a share of the budget, or of the spend used (<see cref="GoalText.ShareOf"/>).</summary>
    public string Describe(Goal goal) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} {(Bound == ShareBound.AtLeast ? "≥" : "≤")} {Share:P0} of {goal.ShareOf()}");
}
