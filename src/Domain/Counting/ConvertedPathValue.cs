namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// One channel's converted journeys: how many contain it (each journey once) and the sum of their
/// values. Behind <c>v_c</c>, the value per conversion of docs/MODEL.md section 5.1; additive over customers.
/// </summary>
public sealed record ConvertedPathValue(string Channel, long ConvertedJourneys, double ValueSum);
