namespace MarkovFunctions.Domain.Calibration;

/// <summary>SMAPE and scale at one alpha; both null where the scale is undefined (nothing predicted at current spend).</summary>
public sealed record CalibrationPoint(double Alpha, double? Smape, double? Scale);
