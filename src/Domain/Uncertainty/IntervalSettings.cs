using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>How the bootstrap intervals of docs/MODEL.md section 9 are drawn; <c>Replicates = 0</c> turns them off.</summary>
public sealed record IntervalSettings(int Replicates = IntervalSettings.DefaultReplicates, int Seed = IntervalSettings.DefaultSeed, int Groups = IntervalSettings.DefaultGroups)
{
    public const int DefaultReplicates = 200;
    public const int DefaultSeed = 15;
    public const int DefaultGroups = 200;
    public const double Level = 0.95;
    public const string Method = "customer_group_bootstrap";

    public const string NoReplicateWarning = "intervals: no bootstrap replicate could be attributed and calibrated (the data are too thin), so the run has no intervals";

    public static IntervalSettings Off { get; } = new(0);

    public bool Enabled => Replicates > 0;

    /// <summary>The groups the counting keeps apart: none when the bootstrap is off, so counting costs what it did.</summary>
    public int CountingGroups => Enabled ? Groups : 0;

    public void Validate()
    {
        // The upper bound is a work limit, checked with the others in RunLimits.
        if (Replicates < 0)
        {
            throw new ConfigurationException($"intervals: {Replicates} must be 0 (off) or more");
        }

        if (Groups is < 2 or > 100_000)
        {
            throw new ConfigurationException($"interval groups {Groups} must be between 2 and 100,000");
        }
    }
}
