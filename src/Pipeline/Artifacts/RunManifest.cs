using System.Reflection;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// <c>run_manifest.json</c>: how a run was made (code version, times, parameters, per-step timings,
/// solver outcomes, data checks), for whoever has to explain or reproduce it. No secrets, no customer ids.
/// </summary>
public sealed record RunManifest(
    int SchemaVersion,
    string RunId,
    string InstanceId,
    string Trigger,
    string GitSha,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    double AlphaBest,
    double SmapeBest,
    string AlphaMode,
    IReadOnlyList<double> Budgets,
    ManifestConstraints Constraints,
    ManifestResponse Response,
    ManifestWindow? Window,
    int ExtractPartitions,
    IReadOnlyList<ManifestSolve> Solver,
    IReadOnlyList<DataCheck> DataChecks,
    IReadOnlyList<string> NegativeRemovalEffects,
    IReadOnlyList<StepTiming> Timings,
    ManifestRowCounts RowCounts,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Alerts)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>How the bootstrap intervals were drawn (replicates, seed, groups); null when they were off.</summary>
    public SummaryUncertainty? Intervals { get; init; }

    /// <summary>Customer segments in the data, each attributed on its own (MODEL.md section 8); 1 when it has none.</summary>
    public int CustomerSegments { get; init; }

    /// <summary>The order of the chain used (docs/MODEL.md section 12); not written at the default order 1.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? MarkovOrder { get; init; }

    /// <summary>With order auto, every order's held-out score (section 13), as in summary.json; not written otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Domain.Attribution.OrderScore>? OrderSelection { get; init; }

    /// <summary>The rows of channel_spend_history read and its longest series in weeks (MODEL.md section 11); not written without history.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ManifestSpendHistory? SpendHistory { get; init; }

    /// <summary>The commit the running code was built from (the SDK stamps it into the informational version).</summary>
    public static string CodeVersion()
    {
        var version = typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[(plus + 1)..] : version;
    }
}
