using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Pipeline.Orchestration;

// Payloads travel through the durable history: they stay small (counts, weights, spends) and are
// plain records that System.Text.Json round-trips.

/// <summary>What a run computes with: defaults come from configuration, an ad hoc request may override them.</summary>
/// <param name="Constraints">
/// The share rules, parsed once where they enter (Run__Constraints, the request's "constraints", --groups);
/// null means the default rules of MODEL.md section 5.
/// </param>
public sealed record RunParameters(
    IReadOnlyList<double> Budgets,
    AlphaMode AlphaMode = AlphaMode.Search,
    double? AlphaFixed = null,
    double AlphaGridStep = 0.05,
    ConstraintConfiguration? Constraints = null,
    ResponseMode ResponseMode = ResponseMode.Linear,
    double Kappa = 1,
    IReadOnlyDictionary<string, double>? KappaOverrides = null,
    int Segments = 16,
    double HalfLifeDays = 7,
    ExtractWindow? Window = null,
    int ExtractPartitions = 4,
    int IntervalReplicates = 0,
    int IntervalSeed = IntervalSettings.DefaultSeed,
    Goal Goal = Goal.Conversions,
    double? GoalTarget = null,
    MarkovOrder Order = default)
{
    // IntervalReplicates is 0 here so that hand-built parameters opt in; Run__IntervalReplicates and `markov run --intervals` default to 200.
    public IntervalSettings Intervals => new(IntervalReplicates, IntervalSeed);

    public AlphaSettings Alpha => new(AlphaMode, AlphaFixed, AlphaGridStep);

    public ResponseSettings Response => new(ResponseMode, Kappa, KappaOverrides, Segments);

    /// <summary>The goal of every budget's LP (docs/MODEL.md section 5.1) and its target.</summary>
    public GoalSettings GoalSettings => new(Goal, GoalTarget);

    public RunSettings ToSettings() => RunSettings.Create(Budgets, Alpha, Constraints, Response) with { Intervals = Intervals, Goal = GoalSettings, Order = Order };

    /// <summary>Every check that needs no data, so a bad request is refused before a run starts.</summary>
    public void Validate()
    {
        ToSettings().Validate();
        if (ExtractPartitions is < 1 or > 256)
        {
            throw new ConfigurationException($"extract partitions {ExtractPartitions} must be between 1 and 256");
        }

        if (!(HalfLifeDays > 0) || !double.IsFinite(HalfLifeDays))
        {
            throw new ConfigurationException($"half-life {HalfLifeDays} days must be a positive number");
        }

        Window?.Validate();
    }
}
