namespace MarkovFunctions.Domain;

/// <summary>The data checks and their outcome, for the manifest and the report.</summary>
public sealed record DataCheck(string Name, bool Passed, string Detail);
