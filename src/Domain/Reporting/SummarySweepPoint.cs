namespace MarkovFunctions.Domain.Reporting;

public sealed record SummarySweepPoint(double Alpha, double Budget, double? PredictedConversions);
