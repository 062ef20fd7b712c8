using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The order-1 chain of MODEL.md section 2: states (start), the channels by ordinal name,
/// (conversion), (null); <c>P[i,j] = count(i->j) / count(i->*)</c>, the two absorbing states loop on themselves.
/// </summary>
public sealed class TransitionMatrix
{
    private TransitionMatrix(IReadOnlyList<string> states, long[,] counts, double[,] probabilities)
    {
        States = states;
        Counts = counts;
        Probabilities = probabilities;
    }

    public IReadOnlyList<string> States { get; }

    public long[,] Counts { get; }

    public double[,] Probabilities { get; }

    public int StartIndex => 0;

    public int ConversionIndex => States.Count - 2;

    public int NullIndex => States.Count - 1;

    public static TransitionMatrix FromCounts(JourneyCounts counts)
    {
        string[] states = [Inputs.States.Start, .. counts.Channels, Inputs.States.Conversion, Inputs.States.Null];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < states.Length; i++)
        {
            index.Add(states[i], i);
        }

        var n = states.Length;
        var matrix = new long[n, n];
        foreach (var t in counts.Transitions)
        {
            if (!index.TryGetValue(t.From, out var from) || !index.TryGetValue(t.To, out var to))
            {
                throw new ArgumentException($"transition {t.From} -> {t.To} names a state that is not in the channel list", nameof(counts));
            }

            matrix[from, to] += t.Count;
        }

        var probabilities = new double[n, n];
        for (var i = 0; i < n - 2; i++)
        {
            long rowTotal = 0;
            for (var j = 0; j < n; j++)
            {
                rowTotal += matrix[i, j];
            }

            for (var j = 0; j < n && rowTotal > 0; j++)
            {
                probabilities[i, j] = matrix[i, j] / (double)rowTotal;
            }
        }

        probabilities[n - 2, n - 2] = 1;
        probabilities[n - 1, n - 1] = 1;
        return new TransitionMatrix(states, matrix, probabilities);
    }

    /// <summary>The largest distance of a transient row's sum from 1 (MODEL.md checks it is within 1e-6).</summary>
    public double MaxRowSumError()
    {
        var worst = 0d;
        for (var i = 0; i < States.Count; i++)
        {
            var sum = 0d;
            for (var j = 0; j < States.Count; j++)
            {
                sum += Probabilities[i, j];
            }

            worst = Math.Max(worst, Math.Abs(sum - 1));
        }

        return worst;
    }
}
