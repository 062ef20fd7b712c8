namespace MarkovFunctions.Pipeline.Artifacts;

public sealed record ManifestRowCounts(long JourneyRows, long Journeys, long ConvertedJourneys, int Channels, int PerformanceChannels);
