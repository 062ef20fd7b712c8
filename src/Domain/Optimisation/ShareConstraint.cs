using System.Globalization;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A strategic share rule resolved to the channels of channel_performance.</summary>
public sealed record ShareConstraint(string Name, IReadOnlyList<string> Channels, ShareBound Bound, double Share)
{
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} {(Bound == ShareBound.AtLeast ? "≥" : "≤")} {Share:P0} of the budget");
}
