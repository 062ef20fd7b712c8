using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>The goal every budget's LP pursues and its target (docs/MODEL.md section 5.1).</summary>
public sealed record GoalSettings(Goal Goal = Goal.Conversions, double? Target = null)
{
    /// <summary>Today's LP: the most conversions at the budget.</summary>
    public static GoalSettings Conversions { get; } = new();

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDefault => Goal == Goal.Conversions;

    /// <summary>The target of a target goal; throws for the others (a checked setting always has one where it is needed).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double RequiredTarget => Target ?? throw new InvalidOperationException($"goal {Goal.Text()} has no target");

    /// <summary>Throws naming the setting: a target goal without a target, a target where the goal takes none, or a target out of range.</summary>
    public void Validate()
    {
        if (Goal.HasTarget() && Target is null)
        {
            throw new ConfigurationException($"goal {Goal.Text()} needs a target (target, Run__GoalTarget, --target)");
        }

        if (!Goal.HasTarget() && Target is not null)
        {
            throw new ConfigurationException($"target: goal {Goal.Text()} takes no target; give target_cpa, target_roas or target_conversions");
        }

        if (Target is { } target && (!double.IsFinite(target) || target <= 0 || target > FieldParser.MaxAmount))
        {
            throw new ConfigurationException(string.Create(
                CultureInfo.InvariantCulture, $"target: {target} must be a positive number of at most {FieldParser.MaxAmountText}"));
        }
    }
}
