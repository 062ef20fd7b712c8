namespace MarkovFunctions.Domain.Calibration;

public sealed record CalibrationResult(
    AlphaMode Mode,
    double AlphaBest,
    double SmapeBest,
    double ScaleBest,
    IReadOnlyList<CalibrationPoint> Table,
    IReadOnlyList<ChannelWeights> Weights);
