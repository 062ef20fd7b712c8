namespace MarkovFunctions.Domain.Reporting;

public sealed record SummaryConstraintRule(string Name, string Bound, double Share, IReadOnlyList<string> Channels);
