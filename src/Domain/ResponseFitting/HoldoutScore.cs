namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>The held-out weeks' SMAPE of the fitted curve and its two rivals, pooled over the fitted channels.</summary>
public sealed record HoldoutScore(double Fitted, double Linear, double Assumed, int Weeks);
