using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// <c>v_c</c>, the value per conversion of each channel (docs/MODEL.md section 5.1): the mean value of the
/// converted journeys whose path contains c; a channel on no converted path gets the run's mean.
/// </summary>
public sealed record ConversionValues(IReadOnlyDictionary<string, double> PerChannel, double RunMean)
{
    /// <summary>Every channel worth 1: the value goals then count conversions (for callers with no journeys, and tests).</summary>
    public static ConversionValues One { get; } = new(new Dictionary<string, double>(), 1);

    public double For(string channel) => PerChannel.TryGetValue(channel, out var v) ? v : RunMean;

    public static ConversionValues From(JourneyCounts counts)
    {
        var mean = counts.ConvertedJourneys > 0 ? counts.ConvertedValue / counts.ConvertedJourneys : 0;
        return new ConversionValues(
            counts.ConvertedPaths.Where(p => p.ConvertedJourneys > 0).ToDictionary(p => p.Channel, p => p.ValueSum / p.ConvertedJourneys, StringComparer.Ordinal),
            mean);
    }

    /// <summary>Refuses a value goal on data whose converted journeys are all worth 0, naming the column.</summary>
    public void CheckUsableFor(Goal goal)
    {
        if (goal.UsesValue() && !(RunMean > 0))
        {
            throw new InputValidationException(
                Tables.Journeys,
                Tables.JourneyColumns.ConversionValue,
                $"goal {goal.Text()} needs conversion values, but every converted journey is worth 0 (or the column is missing)");
        }
    }
}
