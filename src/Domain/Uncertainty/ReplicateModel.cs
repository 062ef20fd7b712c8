namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>One replicate's model: its alpha* and removal weights (in the order of <see cref="IntervalResult.Channels"/>), so a plan can be evaluated later.</summary>
public sealed record ReplicateModel(double Alpha, IReadOnlyList<double> RemovalWeights)
{
    /// <summary>In fitted mode, the κ of each fitted channel drawn from its curve posterior for this replicate (MODEL.md section 11); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Kappas { get; init; }

    /// <summary>The curves this replicate's LPs and plans use: the run's, with this replicate's κ draws (each a single curve, not the run's cautious band) when it has them.</summary>
    public Optimisation.ResponseSettings CurvesOf(Optimisation.ResponseSettings curves) => Kappas is null ? curves : curves with { FittedKappas = Kappas, FittedKappaIntervals = null };
}
