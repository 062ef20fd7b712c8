namespace MarkovFunctions.Domain.Reporting;

/// <summary>When a run's numbers deserve a human look (README, Operations: Alerts).</summary>
/// <param name="Smape">MODEL.md section 4 asks for an alert above this calibration SMAPE.</param>
/// <param name="WeightChange">Relative move of a channel's Markov weight since the previous good run.</param>
/// <param name="MaxRuntimeMinutes">A run slower than this is reported.</param>
public sealed record AlertThresholds(double Smape = 0.35, double WeightChange = 0.5, double MaxRuntimeMinutes = 60)
{
    public static AlertThresholds Default { get; } = new();
}
