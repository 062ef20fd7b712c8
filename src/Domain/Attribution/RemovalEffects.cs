using MarkovFunctions.Domain.Inputs;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// Every state's removal from one factorisation (MODEL.md section 2): with <c>N = (I − Q)⁻¹</c>,
/// <c>h = N r</c> and <c>f_c = N[start, c] / N[c, c]</c>, the chain without c converts with
/// probability <c>p − f_c · h_c</c>. <c>I − Q</c> is factorised once as <c>L U</c> inside the band
/// of a <see cref="BandOrdering"/> (no pivoting: it is a non-singular M-matrix, so elimination is
/// stable); <c>h</c> and the start row of <c>N</c> are two solves, and the diagonal of <c>N</c> comes
/// from the band of <c>N</c> by the Takahashi recurrences, so the cost is <c>O(n b²)</c> for
/// half-bandwidth b, not n factorisations.
/// </summary>
public static class RemovalEffects
{
    /// <summary>The most band cells (states × (2 b + 1)) one factorisation may hold: two arrays of this many doubles.</summary>
    public const long MaxBandCells = 2_000_000;

    /// <summary>The probability of conversion from (start), and without each state (index 0, the start itself, is never removed: its entry is the baseline).</summary>
    /// <param name="states">What the states are, for the refusal of a band above <see cref="MaxBandCells"/>; the channels when null.</param>
    public static (double Baseline, double[] Without) ConversionProbabilities(AbsorbingChain chain, ChainStates? states = null)
    {
        // Nothing moves into (start), so N = [[1, q N_C], [0, N_C]] with q the start's row of Q and N_C the
        // inverse over the other states: only I − Q_C is factorised.
        var n = chain.StateCount;
        var m = n - 1;
        var ordering = BandOrdering.Of(chain);
        var b = ordering.HalfBandwidth;
        var width = (2 * b) + 1;
        if ((long)m * width > MaxBandCells)
        {
            states ??= ChainStates.Channels;
            throw new ModelException(
                $"{states.Column}: the transitions between the {m:N0} {states.Plural} need a band of {width:N0} per state ({(long)m * width:N0} cells), above the {MaxBandCells:N0} supported: about 1,000 channels that all follow each other, or up to {ChannelName.MaxDistinct:N0} campaigns each followed by a few others")
            {
                Column = states.Column,
            };
        }

        var lu = Assemble(chain, ordering, width);
        Factorise(lu, m, b);
        var position = ordering.NewOfOld;
        var r = new double[m];
        for (var i = 1; i < n; i++)
        {
            r[position[i]] = chain.ToConversion[i];
        }

        var q = new double[m];
        for (var k = chain.RowStarts[0]; k < chain.RowStarts[1]; k++)
        {
            q[position[chain.Columns[k]]] = chain.Probabilities[k];
        }

        var h = SolveColumn(lu, m, b, r);
        var startRow = SolveRow(lu, m, b, q);
        var diagonal = InverseDiagonal(lu, m, b);
        var baseline = chain.ToConversion[0];
        for (var k = 0; k < m; k++)
        {
            baseline += q[k] * h[k];
        }

        var without = new double[n];
        without[0] = baseline;
        for (var c = 1; c < n; c++)
        {
            var k = position[c];
            without[c] = baseline - (startRow[k] / diagonal[k] * h[k]);
        }

        return (baseline, without);
    }

    /// <summary><c>I − Q_C</c> in the band numbering, row i's band at <c>i · width</c>, column j at offset <c>j − i + b</c>.</summary>
    private static double[] Assemble(AbsorbingChain chain, BandOrdering ordering, int width)
    {
        var n = chain.StateCount;
        var b = ordering.HalfBandwidth;
        var a = new double[(long)(n - 1) * width];
        var position = ordering.NewOfOld;
        for (var i = 1; i < n; i++)
        {
            var row = position[i];
            a[(row * width) + b] += 1;
            for (var k = chain.RowStarts[i]; k < chain.RowStarts[i + 1]; k++)
            {
                a[(row * width) + position[chain.Columns[k]] - row + b] -= chain.Probabilities[k];
            }
        }

        return a;
    }

    /// <summary>In place: L (unit diagonal, below) and U (on and above) of the band.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Factorise(double[] a, int n, int b)
    {
        var width = (2 * b) + 1;
        for (var k = 0; k < n; k++)
        {
            var pivot = a[(k * width) + b];
            if (!(pivot > 0))
            {
                throw new ModelException($"I - Q is singular at a state (pivot {pivot:g3}): some state never reaches (conversion) or (null)");
            }

            var m = Math.Min(b, n - 1 - k);
            var pivotRow = new ReadOnlySpan<double>(a, (k * width) + b + 1, m);
            for (var i = k + 1; i <= k + m; i++)
            {
                var at = (i * width) + k - i + b;
                if (a[at] == 0)
                {
                    continue;
                }

                var l = a[at] / pivot;
                a[at] = l;
                SubtractScaled(new Span<double>(a, at + 1, m), pivotRow, l);
            }
        }
    }

    /// <summary><c>(I − Q) x = rhs</c>.</summary>
    private static double[] SolveColumn(double[] lu, int n, int b, double[] rhs)
    {
        var width = (2 * b) + 1;
        var x = (double[])rhs.Clone();
        for (var i = 0; i < n; i++)
        {
            var lo = Math.Max(0, i - b);
            var sum = x[i];
            for (var j = lo; j < i; j++)
            {
                sum -= lu[(i * width) + j - i + b] * x[j];
            }

            x[i] = sum;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var hi = Math.Min(n - 1, i + b);
            var sum = x[i];
            for (var j = i + 1; j <= hi; j++)
            {
                sum -= lu[(i * width) + j - i + b] * x[j];
            }

            x[i] = sum / lu[(i * width) + b];
        }

        return x;
    }

    /// <summary><c>xᵀ (I − Q) = rhsᵀ</c>, as <c>Uᵀ z = rhs</c> then <c>Lᵀ x = z</c>.</summary>
    private static double[] SolveRow(double[] lu, int n, int b, double[] rhs)
    {
        var width = (2 * b) + 1;
        var x = (double[])rhs.Clone();
        for (var j = 0; j < n; j++)
        {
            var z = x[j] / lu[(j * width) + b];
            x[j] = z;
            if (z == 0)
            {
                continue;
            }

            var hi = Math.Min(n - 1, j + b);
            for (var k = j + 1; k <= hi; k++)
            {
                x[k] -= lu[(j * width) + k - j + b] * z;
            }
        }

        for (var j = n - 1; j >= 0; j--)
        {
            var xj = x[j];
            if (xj == 0)
            {
                continue;
            }

            var lo = Math.Max(0, j - b);
            for (var k = lo; k < j; k++)
            {
                x[k] -= lu[(j * width) + k - j + b] * xj;
            }
        }

        return x;
    }

    /// <summary>
    /// The diagonal of <c>Z = (I − Q)⁻¹</c> from its band, last column first (Takahashi): with
    /// <c>U = D Ũ</c>, <c>Z[i,j] = −Σ_k Z[i,k] L[k,j]</c> below the diagonal, <c>Z[j,i] = −Σ_k Ũ[j,k] Z[k,i]</c>
    /// above it, and <c>Z[j,j] = 1/d_j − Σ_k Ũ[j,k] Z[k,j]</c>, each sum over k in (j, j + b].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] InverseDiagonal(double[] lu, int n, int b)
    {
        var width = (2 * b) + 1;
        var z = new double[lu.Length];
        var lColumn = new double[b];
        var uRow = new double[b];
        var diagonal = new double[n];
        for (var j = n - 1; j >= 0; j--)
        {
            var m = Math.Min(b, n - 1 - j);
            var d = lu[(j * width) + b];
            for (var t = 0; t < m; t++)
            {
                lColumn[t] = lu[((j + 1 + t) * width) - 1 - t + b];
                uRow[t] = lu[(j * width) + b + 1 + t] / d;
            }

            var l = new ReadOnlySpan<double>(lColumn, 0, m);

            // Below the diagonal: row i of Z over columns j+1..j+m is contiguous.
            for (var i = j + 1; i <= j + m; i++)
            {
                z[(i * width) + j - i + b] = -Dot(new ReadOnlySpan<double>(z, (i * width) + j + 1 - i + b, m), l);
            }

            // Above it: Z[j, j+1..j+m] = −Σ_k Ũ[j,k] Z[k, j+1..j+m], one contiguous row of Z per k.
            var above = new Span<double>(z, (j * width) + b + 1, m);
            var diagonalSum = 0d;
            for (var t = 0; t < m; t++)
            {
                var u = uRow[t];
                if (u == 0)
                {
                    continue;
                }

                var k = j + 1 + t;
                var from = j + 1 - k + b;
                SubtractScaled(above, new ReadOnlySpan<double>(z, (k * width) + from, m), u);
                diagonalSum += u * z[(k * width) + j - k + b];
            }

            diagonal[j] = z[(j * width) + b] = (1 / d) - diagonalSum;
        }

        return diagonal;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubtractScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; i <= target.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                (new Vector<double>(target[i..]) - (s * new Vector<double>(source[i..]))).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] -= scale * source[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var i = 0;
        var sum = 0d;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                acc += new Vector<double>(x[i..]) * new Vector<double>(y[i..]);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
