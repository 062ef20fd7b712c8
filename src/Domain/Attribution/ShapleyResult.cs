namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The Shapley values of the chain's channels (docs/MODEL.md section 14), in the order of the chain's
/// channels. <see cref="Permutations"/> is 0 when every subset was solved; otherwise the values are
/// sampled and <see cref="StandardErrors"/> says how far each may be off. <see cref="SkippedReason"/> is
/// set (and every value 0) when even <see cref="ShapleyCredit.MinPermutations"/> permutations cost more than the limit.
/// </summary>
public sealed record ShapleyResult(IReadOnlyList<double> Values, IReadOnlyList<double>? StandardErrors, int Permutations)
{
    public const string ExactMethod = "exact";
    public const string SampledMethod = "sampled";
    public const string SkippedMethod = "skipped";

    public string? SkippedReason { get; init; }

    public string Method => SkippedReason is not null ? SkippedMethod : Permutations == 0 ? ExactMethod : SampledMethod;
}
