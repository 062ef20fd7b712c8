using System.Globalization;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Says, before solving, why no allocation can meet a budget, in words a marketer understands. Each
/// reason is on its own a proof of infeasibility; an empty list means none of these simple conflicts holds.
/// </summary>
public static class InfeasibilityExplainer
{
    private const double Slack = 1e-9;

    /// <param name="capsSpend">The budget is a cap (goals other than conversions and value): only the minimum spends can conflict with it here.</param>
    public static IReadOnlyList<string> Explain(IReadOnlyList<ChannelResponse> channels, IReadOnlyList<ShareConstraint> constraints, double budget, bool capsSpend = false)
    {
        var reasons = new List<string>();
        var minSum = channels.Sum(c => c.MinSpend);
        var maxSum = channels.Sum(c => c.MaxSpend);
        if (minSum > budget * (1 + Slack))
        {
            reasons.Add($"minimum spends add up to {Money(minSum)}, above the budget {Money(budget)}");
        }

        if (capsSpend)
        {
            return reasons;
        }

        if (maxSum < budget * (1 - Slack))
        {
            reasons.Add($"maximum spends add up to {Money(maxSum)}, below the budget {Money(budget)}");
        }

        foreach (var rule in constraints)
        {
            var members = new HashSet<string>(rule.Channels, StringComparer.Ordinal);
            var inside = channels.Where(c => members.Contains(c.Channel)).ToArray();
            var outside = channels.Where(c => !members.Contains(c.Channel)).ToArray();
            var target = rule.Share * budget;
            var share = Percent(rule.Share);
            if (rule.Bound == ShareBound.AtLeast)
            {
                var insideMax = inside.Sum(c => c.MaxSpend);
                if (insideMax < target * (1 - Slack))
                {
                    reasons.Add($"{rule.Name} channels can take at most {Money(insideMax)} in all, below the {share} of the budget they must get ({Money(target)})");
                }

                var outsideMin = outside.Sum(c => c.MinSpend);
                if (outsideMin > (budget - target) * (1 + Slack) + Slack)
                {
                    reasons.Add($"minimum spends outside {rule.Name} add up to {Money(outsideMin)}, leaving less than the {share} of the budget {rule.Name} must get ({Money(target)})");
                }
            }
            else
            {
                var insideMin = inside.Sum(c => c.MinSpend);
                if (insideMin > target * (1 + Slack) + Slack)
                {
                    reasons.Add($"{rule.Name} minimum spends add up to {Money(insideMin)}, above its cap of {share} of the budget ({Money(target)})");
                }

                var outsideMax = outside.Sum(c => c.MaxSpend);
                if (outsideMax + target < budget * (1 - Slack))
                {
                    reasons.Add($"channels outside {rule.Name} can take at most {Money(outsideMax)}, and {rule.Name} is capped at {share} of the budget ({Money(target)}): together less than the budget {Money(budget)}");
                }
            }
        }

        return reasons;
    }

    private static string Money(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);
}
