using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Where a request's response curves are: in the run's work area by name, or carried whole (a history written before the work area held them).</summary>
public static class RunWorkCurves
{
    /// <summary>The whole curves: read from <paramref name="work"/> when <paramref name="name"/> is set, else <paramref name="carried"/>.</summary>
    public static async Task<ResponseCurves?> CurvesAsync(this IRunWorkStore work, string? name, ResponseCurves? carried, CancellationToken ct = default) =>
        name is null ? carried : await work.GetCurvesAsync(name, ct).ConfigureAwait(false);
}
