using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain.Reporting;

/// <summary>The bootstrap behind the <c>_low</c>/<c>_high</c> numbers (docs/MODEL.md section 9).</summary>
public sealed record SummaryUncertainty(string Method, int Replicates, double Level, int Seed, int Groups, int FailedReplicates)
{
    /// <summary>Null when intervals were off (or no replicate could be solved).</summary>
    public static SummaryUncertainty? From(IntervalResult? intervals) => intervals is { } i
        ? new(i.Method, i.Replicates, i.Level, i.Seed, i.Groups, i.FailedReplicates)
        : null;
}
