namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// An absorbing chain over named transient states, state 0 being (start), with (conversion) and (null)
/// absorbing; the solver behind orders above 1 and the Shapley game (docs/MODEL.md sections 12 and 14).
/// Rows are sparse: only observed transitions are stored. <see cref="ConversionProbability"/> answers
/// "what is p when only these states are kept?", every transition into a dropped state going to (null).
/// </summary>
public sealed class AbsorbingChain
{
    /// <summary>Systems up to this many states are solved by elimination; larger ones by Gauss–Seidel.</summary>
    public const int DenseLimit = 64;

    private const double SweepTolerance = 1e-15;
    private const int MaxSweeps = 100_000;

    // CSR over transient states: row i's transient successors _to[_rowStart[i].._rowStart[i+1]) with probabilities _p.
    private readonly int[] _rowStart;
    private readonly int[] _to;
    private readonly double[] _p;
    private readonly double[] _toConversion;

    private AbsorbingChain(IReadOnlyList<string> states, int[] rowStart, int[] to, double[] p, double[] toConversion)
    {
        States = states;
        _rowStart = rowStart;
        _to = to;
        _p = p;
        _toConversion = toConversion;
    }

    /// <summary>The transient states, (start) first.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>
    /// The chain of <c>P[s, t] = count(s → t) / count(s → *)</c>. <paramref name="transitions"/> are
    /// counts between transient states (indices into <paramref name="states"/>); the absorbing counts come per state.
    /// </summary>
    public static AbsorbingChain FromCounts(
        IReadOnlyList<string> states,
        IEnumerable<(int From, int To, double Count)> transitions,
        IReadOnlyList<double> toConversion,
        IReadOnlyList<double> toNull)
    {
        var n = states.Count;
        if (n == 0 || toConversion.Count != n || toNull.Count != n)
        {
            throw new ArgumentException("a chain needs (start) and one conversion and null count per state", nameof(states));
        }

        var rows = new List<(int To, double Count)>[n];
        var totals = new double[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = [];
            totals[i] = toConversion[i] + toNull[i];
        }

        foreach (var (from, to, count) in transitions)
        {
            if (count > 0)
            {
                rows[from].Add((to, count));
                totals[from] += count;
            }
        }

        var rowStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            rowStart[i + 1] = rowStart[i] + rows[i].Count;
        }

        var target = new int[rowStart[n]];
        var probability = new double[rowStart[n]];
        var conversion = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            row.Sort((a, b) => a.To.CompareTo(b.To));
            for (var e = 0; e < row.Count; e++)
            {
                target[rowStart[i] + e] = row[e].To;
                probability[rowStart[i] + e] = totals[i] > 0 ? row[e].Count / totals[i] : 0;
            }

            conversion[i] = totals[i] > 0 ? toConversion[i] / totals[i] : 0;
        }

        return new AbsorbingChain(states, rowStart, target, probability, conversion);
    }

    /// <summary>
    /// The probability of reaching (conversion) from (start) with only the states marked in
    /// <paramref name="kept"/> (every transition into another state goes to (null)); 0 when (start) is not kept.
    /// </summary>
    public double ConversionProbability(ReadOnlySpan<bool> kept)
    {
        if (kept.Length != States.Count)
        {
            throw new ArgumentException($"{kept.Length} flags for {States.Count} states", nameof(kept));
        }

        if (!kept[0])
        {
            return 0;
        }

        // Number the kept states compactly, (start) first.
        var index = new int[kept.Length];
        var m = 0;
        for (var i = 0; i < kept.Length; i++)
        {
            index[i] = kept[i] ? m++ : -1;
        }

        return m <= DenseLimit ? SolveDense(index, m) : SolveIteratively(index, m);
    }

    private double SolveDense(int[] index, int m)
    {
        // (I - Q) h = r on the kept states, by Gaussian elimination with partial pivoting; column m holds r.
        var width = m + 1;
        var a = new double[m * width];
        for (var i = 0; i < index.Length; i++)
        {
            var row = index[i];
            if (row < 0)
            {
                continue;
            }

            a[(row * width) + row] = 1;
            for (var e = _rowStart[i]; e < _rowStart[i + 1]; e++)
            {
                var column = index[_to[e]];
                if (column >= 0)
                {
                    a[(row * width) + column] -= _p[e];
                }
            }

            a[(row * width) + m] = _toConversion[i];
        }

        return Eliminate(a, m)[0];
    }

    /// <summary>Solves the m x m system stored row-major with its right-hand side as column m; returns the solution.</summary>
    private static double[] Eliminate(double[] a, int m)
    {
        var width = m + 1;
        for (var k = 0; k < m; k++)
        {
            var pivot = k;
            for (var i = k + 1; i < m; i++)
            {
                if (Math.Abs(a[(i * width) + k]) > Math.Abs(a[(pivot * width) + k]))
                {
                    pivot = i;
                }
            }

            if (pivot != k)
            {
                for (var j = k; j < width; j++)
                {
                    (a[(k * width) + j], a[(pivot * width) + j]) = (a[(pivot * width) + j], a[(k * width) + j]);
                }
            }

            var diagonal = a[(k * width) + k];
            for (var i = k + 1; i < m; i++)
            {
                var factor = a[(i * width) + k] / diagonal;
                if (factor == 0)
                {
                    continue;
                }

                for (var j = k + 1; j < width; j++)
                {
                    a[(i * width) + j] -= factor * a[(k * width) + j];
                }
            }
        }

        var h = new double[m];
        for (var i = m - 1; i >= 0; i--)
        {
            var sum = a[(i * width) + m];
            for (var j = i + 1; j < m; j++)
            {
                sum -= a[(i * width) + j] * h[j];
            }

            h[i] = sum / a[(i * width) + i];
        }

        return h;
    }

    private double SolveIteratively(int[] index, int m)
    {
        // h(s) = (r(s) + Σ_{t≠s} Q[s,t] h(t)) / (1 - Q[s,s]); a contraction, since every row leaks to an absorbing state.
        var h = new double[index.Length];
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var largestMove = 0d;
            for (var i = index.Length - 1; i >= 0; i--)
            {
                if (index[i] < 0)
                {
                    continue;
                }

                var sum = _toConversion[i];
                var self = 0d;
                for (var e = _rowStart[i]; e < _rowStart[i + 1]; e++)
                {
                    var t = _to[e];
                    if (t == i)
                    {
                        self = _p[e];
                    }
                    else if (index[t] >= 0)
                    {
                        sum += _p[e] * h[t];
                    }
                }

                var value = sum / (1 - self);
                largestMove = Math.Max(largestMove, Math.Abs(value - h[i]));
                h[i] = value;
            }

            if (largestMove <= SweepTolerance)
            {
                return h[0];
            }
        }

        return SolveDense(index, m);
    }
}
