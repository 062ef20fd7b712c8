using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Rows whose timestamp falls in <c>[AsOf - LookbackDays, AsOf)</c>; null means every row.</summary>
public sealed record ExtractWindow(DateTimeOffset AsOf, int LookbackDays)
{
    public DateTimeOffset From => AsOf.AddDays(-LookbackDays);

    public void Validate()
    {
        if (LookbackDays < 1)
        {
            throw new ConfigurationException($"lookback_days {LookbackDays} must be 1 or more");
        }
    }
}
