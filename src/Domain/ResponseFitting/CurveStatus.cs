namespace MarkovFunctions.Domain.ResponseFitting;

public enum CurveStatus
{
    /// <summary>κ is the posterior median from the channel's weekly history.</summary>
    Fitted,

    /// <summary>κ is the assumed one (Run__Kappa or its override); the reason says why.</summary>
    Assumed,
}
