using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Journeys written as channel lists, counted as a run counts them (one customer each, hashed by index).</summary>
public static class SimpleJourneys
{
    /// <param name="keep">Counts only the journeys whose index it accepts (a partition), with the hashes of the whole list.</param>
    public static JourneyCounts Count(IReadOnlyList<(string[] Path, bool Converted)> journeys, MarkovOrder order = default, int bootstrapGroups = 0, Func<int, bool>? keep = null)
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry, bootstrapGroups: bootstrapGroups, order: order);
        for (var j = 0; j < journeys.Count; j++)
        {
            if (keep is not null && !keep(j))
            {
                continue;
            }

            var (path, converted) = journeys[j];
            var touches = path.Select((c, i) => new Touch(i + 1, i, registry.GetOrAdd(c), converted && i == path.Length - 1, 0)).ToArray();
            counter.AddJourney(touches, HashOf(j));
        }

        return counter.ToCounts();
    }

    /// <summary>The customer hash journey <paramref name="index"/> is counted with.</summary>
    public static ulong HashOf(int index) => (ulong)index * 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// The order-k chain built here from the journeys themselves (not from the counter), solved densely by
    /// Math.NET: the conversion probability with every transition into a state holding a channel of
    /// <paramref name="removed"/> sent to (null).
    /// </summary>
    public static double IndependentConversionProbability(IReadOnlyList<(string[] Path, bool Converted)> journeys, int k, params string[] removed)
    {
        var states = new Dictionary<string, int> { ["(start)"] = 0 };
        var tuples = new List<string[]> { Array.Empty<string>() };
        int State(string[] tuple)
        {
            var key = string.Join("|", tuple);
            if (!states.TryGetValue(key, out var index))
            {
                states[key] = index = tuples.Count;
                tuples.Add(tuple);
            }

            return index;
        }

        var moves = new List<(int From, int To)>();
        var ends = new List<(int From, bool Converted)>();
        foreach (var (path, converted) in journeys)
        {
            var from = 0;
            for (var i = 0; i < path.Length; i++)
            {
                var to = State(path[Math.Max(0, i - k + 1)..(i + 1)]);
                moves.Add((from, to));
                from = to;
            }

            ends.Add((from, converted));
        }

        var n = tuples.Count;
        var counts = new double[n, n];
        var toConversion = new double[n];
        var totals = new double[n];
        foreach (var (from, to) in moves)
        {
            counts[from, to]++;
            totals[from]++;
        }

        foreach (var (from, converted) in ends)
        {
            toConversion[from] += converted ? 1 : 0;
            totals[from]++;
        }

        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n);
        var r = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            a[i, i] = 1;
            for (var j = 0; j < n; j++)
            {
                if (!tuples[j].Any(removed.Contains))
                {
                    a[i, j] -= counts[i, j] / totals[i];
                }
            }

            r[i] = toConversion[i] / totals[i];
        }

        return a.LU().Solve(r)[0];
    }
}
