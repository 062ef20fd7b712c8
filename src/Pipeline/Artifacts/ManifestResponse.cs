namespace MarkovFunctions.Pipeline.Artifacts;

public sealed record ManifestResponse(string Mode, double Kappa, IReadOnlyDictionary<string, double>? KappaOverrides, int Segments);
