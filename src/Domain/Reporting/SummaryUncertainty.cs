namespace MarkovFunctions.Domain.Reporting;

/// <summary>The bootstrap behind the <c>_low</c>/<c>_high</c> numbers (docs/MODEL.md section 9).</summary>
public sealed record SummaryUncertainty(string Method, int Replicates, double Level, int Seed, int Groups, int FailedReplicates);
