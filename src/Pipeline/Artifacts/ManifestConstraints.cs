using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Artifacts;

public sealed record ManifestConstraints(string Source, string? Configuration, IReadOnlyList<ShareConstraint> Resolved);
