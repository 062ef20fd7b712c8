using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The transient part of an absorbing chain, kept sparse: states as ints (0 is <c>(start)</c>) with
/// their names, <c>Q</c> as compressed rows of the observed transitions only, and each state's
/// probability of moving straight to <c>(conversion)</c>. <c>(null)</c> takes the rest of each row.
/// Memory grows with the transitions the data has, never with the square of the states.
/// </summary>
public sealed class AbsorbingChain
{
    private AbsorbingChain(IReadOnlyList<string> names, int[] rowStarts, int[] columns, double[] probabilities, double[] toConversion, double[] toNull, double maxRowSumError)
    {
        Names = names;
        RowStarts = rowStarts;
        Columns = columns;
        Probabilities = probabilities;
        ToConversion = toConversion;
        ToNull = toNull;
        MaxRowSumError = maxRowSumError;
    }

    /// <summary>The transient states by index: <c>(start)</c> first (nothing moves into it), then the others in the order given.</summary>
    public IReadOnlyList<string> Names { get; }

    public int StateCount => Names.Count;

    /// <summary>Row i of <c>Q</c> is <c>Columns[RowStarts[i]..RowStarts[i + 1]]</c> with <see cref="Probabilities"/> alongside.</summary>
    public int[] RowStarts { get; }

    public int[] Columns { get; }

    public double[] Probabilities { get; }

    /// <summary><c>R[i, (conversion)]</c> of each transient state.</summary>
    public double[] ToConversion { get; }

    /// <summary><c>R[i, (null)]</c> of each transient state, divided as the others (not 1 minus the rest), so the artifact shows the counted share.</summary>
    public double[] ToNull { get; }

    /// <summary>The largest distance of a transient row's sum (including both absorbing states) from 1.</summary>
    public double MaxRowSumError { get; }

    /// <summary>The order-1 chain of MODEL.md section 2: (start), then the channels in the order of <see cref="JourneyCounts.Channels"/>.</summary>
    public static AbsorbingChain FromCounts(JourneyCounts counts)
    {
        var index = new Dictionary<string, int>(counts.Channels.Count + 1, StringComparer.Ordinal) { [States.Start] = 0 };
        string[] names = [States.Start, .. counts.Channels];
        for (var i = 1; i < names.Length; i++)
        {
            index.Add(names[i], i);
        }

        var transitions = new List<StateTransition>(counts.Transitions.Count);
        foreach (var t in counts.Transitions)
        {
            var to = t.To switch { States.Conversion => StateTransition.Conversion, States.Null => StateTransition.Null, _ => index.GetValueOrDefault(t.To, int.MinValue) };
            if (!index.TryGetValue(t.From, out var from) || to == int.MinValue)
            {
                throw new ArgumentException($"transition {t.From} -> {t.To} names a state that is not in the channel list", nameof(counts));
            }

            transitions.Add(new StateTransition(from, to, t.Count));
        }

        return FromTransitions(names, transitions);
    }

    /// <summary>
    /// A chain from counted transitions between named states (0 is the start): a transition's
    /// <see cref="StateTransition.To"/> is a state index, or <see cref="StateTransition.Conversion"/> or
    /// <see cref="StateTransition.Null"/>. Repeated pairs add up. Rows are normalised by their totals.
    /// </summary>
    public static AbsorbingChain FromTransitions(IReadOnlyList<string> names, IReadOnlyList<StateTransition> transitions)
    {
        var rows = CountedRows.Of(names.Count, transitions);
        return Normalised(names, rows);
    }

    /// <summary>The counts bucketed by row (compressed rows, repeats not yet merged), with each row's total and its absorbing counts.</summary>
    private sealed record CountedRows(int[] RowStarts, int[] Columns, long[] Counts, long[] Totals, long[] ToConversion, long[] ToNull)
    {
        public static CountedRows Of(int n, IReadOnlyList<StateTransition> transitions)
        {
            var totals = new long[n];
            var rowCounts = new int[n + 1];
            foreach (var t in transitions)
            {
                if ((uint)t.From >= (uint)n || t.To >= n || t.To < StateTransition.Null || t.To == 0)
                {
                    throw new ArgumentException($"transition {t.From} -> {t.To} is outside the {n} states or moves into (start)", nameof(transitions));
                }

                totals[t.From] += t.Count;
                if (t.To >= 0)
                {
                    rowCounts[t.From + 1]++;
                }
            }

            for (var i = 0; i < n; i++)
            {
                rowCounts[i + 1] += rowCounts[i];
            }

            var rowStarts = (int[])rowCounts.Clone();
            var columns = new int[rowStarts[n]];
            var counts = new long[rowStarts[n]];
            var next = (int[])rowCounts.Clone();
            var toConversion = new long[n];
            var toNull = new long[n];
            foreach (var t in transitions)
            {
                switch (t.To)
                {
                    case StateTransition.Conversion:
                        toConversion[t.From] += t.Count;
                        break;
                    case StateTransition.Null:
                        toNull[t.From] += t.Count;
                        break;
                    default:
                        columns[next[t.From]] = t.To;
                        counts[next[t.From]++] = t.Count;
                        break;
                }
            }

            return new CountedRows(rowStarts, columns, counts, totals, toConversion, toNull);
        }
    }

    /// <summary>Sorted columns with repeats merged (one entry per observed pair), each row divided by its total.</summary>
    private static AbsorbingChain Normalised(IReadOnlyList<string> names, CountedRows rows)
    {
        var n = names.Count;
        var (rowStarts, columns, counts, totals, toConversion, toNull) = (rows.RowStarts, rows.Columns, rows.Counts, rows.Totals, rows.ToConversion, rows.ToNull);
        var merged = 0;
        var probabilities = new double[columns.Length];
        var conversion = new double[n];
        var toNullShare = new double[n];
        var worst = 0d;
        var order = new List<(int Column, long Count)>();
        for (var i = 0; i < n; i++)
        {
            order.Clear();
            for (var k = rowStarts[i]; k < rowStarts[i + 1]; k++)
            {
                order.Add((columns[k], counts[k]));
            }

            order.Sort((a, b) => a.Column.CompareTo(b.Column));
            rowStarts[i] = merged;
            var total = (double)totals[i];
            var sum = 0d;
            for (var k = 0; k < order.Count; k++)
            {
                var count = order[k].Count;
                while (k + 1 < order.Count && order[k + 1].Column == order[k].Column)
                {
                    count += order[++k].Count;
                }

                columns[merged] = order[k].Column;
                probabilities[merged] = total > 0 ? count / total : 0;
                sum += probabilities[merged++];
            }

            if (total > 0)
            {
                conversion[i] = toConversion[i] / total;
                toNullShare[i] = toNull[i] / total;
                sum += conversion[i] + toNullShare[i];
            }

            // A state with no way out is no distribution at all (as TransitionMatrix counts it).
            worst = Math.Max(worst, Math.Abs(sum - 1));
        }

        rowStarts[n] = merged;
        Array.Resize(ref columns, merged);
        Array.Resize(ref probabilities, merged);
        return new AbsorbingChain(names, rowStarts, columns, probabilities, conversion, toNullShare, worst);
    }
}
