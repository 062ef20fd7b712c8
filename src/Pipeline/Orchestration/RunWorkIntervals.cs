using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Where a publish request's interval result is: in the run's work area by name, or carried whole (a history written before the work area held it).</summary>
public static class RunWorkIntervals
{
    /// <summary>The whole result, replicate models included: read from <paramref name="work"/> when <paramref name="name"/> is set, else <paramref name="carried"/>.</summary>
    public static async Task<IntervalResult?> IntervalsAsync(this IRunWorkStore work, string? name, IntervalResult? carried, CancellationToken ct = default) =>
        name is null ? carried : await work.GetIntervalsAsync(name, ct).ConfigureAwait(false);
}
