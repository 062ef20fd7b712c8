namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A fitted channel's 95 % posterior interval of κ (MODEL.md section 11).</summary>
public sealed record KappaInterval(double Low, double High);
