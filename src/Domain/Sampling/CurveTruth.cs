namespace MarkovFunctions.Domain.Sampling;

/// <summary>
/// A channel's true weekly response for simulated histories: conversions <c>b + A (1 - exp(-a_t / h))</c> with
/// <c>h = κ · weekly spend</c> and adstock decay θ.
/// </summary>
public sealed record CurveTruth(string Channel, double WeeklySpend, double Kappa, double Theta, double Baseline, double Level);
