namespace MarkovFunctions.Domain.Reporting;

public sealed record SummaryCalibrationPoint(double Alpha, double? Smape, double? Scale);
