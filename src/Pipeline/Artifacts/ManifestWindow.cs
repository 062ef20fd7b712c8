namespace MarkovFunctions.Pipeline.Artifacts;

public sealed record ManifestWindow(DateTimeOffset From, DateTimeOffset To, int LookbackDays);
