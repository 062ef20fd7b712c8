using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

public sealed class AlertOptions : ISettingsValidation
{
    public const string Section = "Alerts";

    public double SmapeThreshold { get; set; } = Domain.Reporting.AlertThresholds.Default.Smape;

    public double WeightChangeThreshold { get; set; } = Domain.Reporting.AlertThresholds.Default.WeightChange;

    public double MaxRuntimeMinutes { get; set; } = Domain.Reporting.AlertThresholds.Default.MaxRuntimeMinutes;

    public Domain.Reporting.AlertThresholds Thresholds => new(SmapeThreshold, WeightChangeThreshold, MaxRuntimeMinutes);

    public IEnumerable<string> Problems()
    {
        if (!(SmapeThreshold > 0))
        {
            yield return $"{AlertsSmapeThreshold} must be positive";
        }

        if (!(WeightChangeThreshold > 0))
        {
            yield return $"{AlertsWeightChangeThreshold} must be positive";
        }

        if (!(MaxRuntimeMinutes > 0))
        {
            yield return $"{AlertsMaxRuntimeMinutes} must be positive";
        }
    }
}
