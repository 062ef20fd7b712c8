namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// The box and grid of the curve posterior (MODEL.md section 11): <c>θ ∈ [0, 0.9]</c> and <c>ln h</c> between
/// <c>ln(0.05 m)</c> and <c>ln(20 m)</c>, each cut into equal cells whose centres are the grid points.
/// </summary>
public sealed record PosteriorGrid(int ThetaCells = PosteriorGrid.DefaultThetaCells, int ScaleCells = PosteriorGrid.DefaultScaleCells)
{
    /// <summary>Doubling either count moves no reported number by more than 1 % (ResponseCurveFitTests).</summary>
    public const int DefaultThetaCells = 40;

    public const int DefaultScaleCells = 120;

    public const double MaxTheta = 0.9;

    /// <summary>The box of h in multiples of the channel's mean weekly spend over weeks with spend.</summary>
    public const double MinScale = 0.05;

    public const double MaxScale = 20;

    /// <summary>The standard deviation of the log-normal prior on κ around the assumed κ.</summary>
    public const double PriorSd = 0.5;

    public static PosteriorGrid Default { get; } = new();

    public PosteriorGrid Doubled() => new(2 * ThetaCells, 2 * ScaleCells);

    public double ThetaAt(int j) => (j + 0.5) * MaxTheta / ThetaCells;
}
