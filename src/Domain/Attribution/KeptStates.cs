namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The conversion probability of an <see cref="AbsorbingChain"/> restricted to some of its states,
/// every transition into a dropped state going to (null): how order k removes a channel and how the
/// Shapley game removes a coalition's complement (docs/MODEL.md sections 12 and 14).
/// </summary>
public static class KeptStates
{
    /// <summary>Systems up to this many states are solved by elimination; larger ones by Gauss–Seidel sweeps.</summary>
    public const int DenseLimit = 64;

    private const double SweepTolerance = 1e-15;
    private const int MaxSweeps = 100_000;

    /// <summary>
    /// The probability of reaching (conversion) from (start) with only the states marked in
    /// <paramref name="kept"/>; 0 when (start) is not kept.
    /// </summary>
    public static double ConversionProbability(AbsorbingChain chain, ReadOnlySpan<bool> kept)
    {
        if (kept.Length != chain.StateCount)
        {
            throw new ArgumentException($"{kept.Length} flags for {chain.StateCount} states", nameof(kept));
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

        return m <= DenseLimit ? SolveDense(chain, index, m) : SolveIteratively(chain, index) ?? SolveBanded(chain, index, m);
    }

    /// <summary>(I − Q) h = r on the kept states by Gaussian elimination with partial pivoting; h of (start).</summary>
    private static double SolveDense(AbsorbingChain chain, int[] index, int m)
    {
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
            for (var e = chain.RowStarts[i]; e < chain.RowStarts[i + 1]; e++)
            {
                var column = index[chain.Columns[e]];
                if (column >= 0)
                {
                    a[(row * width) + column] -= chain.Probabilities[e];
                }
            }

            a[(row * width) + m] = chain.ToConversion[i];
        }

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

        return h[0];
    }

    /// <summary>
    /// h(s) = (r(s) + Σ_{t≠s} Q[s,t] h(t)) / (1 − Q[s,s]) swept until no value moves by more than 1e-15: a
    /// contraction, as every row leaks to an absorbing state. Null when it has not settled in time.
    /// </summary>
    private static double? SolveIteratively(AbsorbingChain chain, int[] index)
    {
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

                var sum = chain.ToConversion[i];
                var self = 0d;
                for (var e = chain.RowStarts[i]; e < chain.RowStarts[i + 1]; e++)
                {
                    var t = chain.Columns[e];
                    if (t == i)
                    {
                        self = chain.Probabilities[e];
                    }
                    else if (index[t] >= 0)
                    {
                        sum += chain.Probabilities[e] * h[t];
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

        return null;
    }

    /// <summary>The kept states as a chain of their own, solved by the banded factorisation of <see cref="RemovalEffects"/>.</summary>
    private static double SolveBanded(AbsorbingChain chain, int[] index, int m)
    {
        var names = new string[m];
        var transitions = new List<StateTransition>();
        for (var i = 0; i < index.Length; i++)
        {
            if (index[i] < 0)
            {
                continue;
            }

            names[index[i]] = chain.Names[i];

            // Probabilities scaled to whole counts of 2^52 keep every row's shares exact to rounding.
            const double Scale = 1L << 52;
            var leak = 1d;
            for (var e = chain.RowStarts[i]; e < chain.RowStarts[i + 1]; e++)
            {
                leak -= chain.Probabilities[e];
                var to = index[chain.Columns[e]];
                transitions.Add(new StateTransition(index[i], to >= 0 ? to : StateTransition.Null, (long)(chain.Probabilities[e] * Scale)));
            }

            leak -= chain.ToConversion[i];
            transitions.Add(new StateTransition(index[i], StateTransition.Conversion, (long)(chain.ToConversion[i] * Scale)));
            transitions.Add(new StateTransition(index[i], StateTransition.Null, (long)(Math.Max(0, leak) * Scale)));
        }

        return RemovalEffects.ConversionProbabilities(AbsorbingChain.FromTransitions(names, transitions)).Baseline;
    }
}
