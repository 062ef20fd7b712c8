namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// A numbering of a chain's states that keeps every transition near the diagonal (reverse
/// Cuthill–McKee on the transitions taken both ways), so <c>I − Q</c> factorises inside a band:
/// campaign data, where each state is followed by a few others, gives a narrow band; dense data the full width.
/// Only the states after (start) are numbered (position p is state p + 1): nothing moves into (start), so it
/// stays out of the factorisation, where its transitions to every first touch would widen the band to all states.
/// </summary>
public sealed class BandOrdering
{
    private BandOrdering(int[] oldOfNew, int[] newOfOld, int halfBandwidth)
    {
        OldOfNew = oldOfNew;
        NewOfOld = newOfOld;
        HalfBandwidth = halfBandwidth;
    }

    /// <summary>The state at each position (states 1 .. n − 1).</summary>
    public int[] OldOfNew { get; }

    /// <summary>The position of each state (index 0, the start, is unused).</summary>
    public int[] NewOfOld { get; }

    /// <summary>The largest |position(i) − position(j)| over the transitions i -> j between states after (start).</summary>
    public int HalfBandwidth { get; }

    public static BandOrdering Of(AbsorbingChain chain)
    {
        var n = chain.StateCount;
        var natural = Enumerable.Range(-1, n).ToArray();
        var naturalBand = Bandwidth(chain, natural);
        var reordered = ReverseCuthillMcKee(chain);
        var reorderedBand = Bandwidth(chain, reordered);
        if (reorderedBand >= naturalBand)
        {
            return new BandOrdering(Enumerable.Range(1, n - 1).ToArray(), natural, naturalBand);
        }

        var oldOfNew = new int[n - 1];
        for (var i = 1; i < n; i++)
        {
            oldOfNew[reordered[i]] = i;
        }

        return new BandOrdering(oldOfNew, reordered, reorderedBand);
    }

    private static int Bandwidth(AbsorbingChain chain, int[] newOfOld)
    {
        var band = 0;
        for (var i = 1; i < chain.StateCount; i++)
        {
            for (var k = chain.RowStarts[i]; k < chain.RowStarts[i + 1]; k++)
            {
                band = Math.Max(band, Math.Abs(newOfOld[i] - newOfOld[chain.Columns[k]]));
            }
        }

        return band;
    }

    /// <summary>The position of each state: breadth-first from a least-connected state, neighbours by degree, reversed.</summary>
    private static int[] ReverseCuthillMcKee(AbsorbingChain chain)
    {
        var n = chain.StateCount;
        var (starts, neighbours) = SymmetricNeighbours(chain);
        var degrees = new int[n];
        for (var i = 0; i < n; i++)
        {
            degrees[i] = starts[i + 1] - starts[i];
        }

        var byDegree = Enumerable.Range(1, n - 1).OrderBy(i => degrees[i]).ThenBy(i => i).ToArray();
        var visited = new bool[n];
        var order = new int[n - 1];
        var count = 0;
        var queue = new Queue<int>();
        var next = new List<int>();
        foreach (var seed in byDegree)
        {
            if (visited[seed])
            {
                continue;
            }

            visited[seed] = true;
            queue.Enqueue(seed);
            while (queue.Count > 0)
            {
                var state = queue.Dequeue();
                order[count++] = state;
                next.Clear();
                for (var k = starts[state]; k < starts[state + 1]; k++)
                {
                    var j = neighbours[k];
                    if (!visited[j])
                    {
                        visited[j] = true;
                        next.Add(j);
                    }
                }

                next.Sort((a, b) => degrees[a] != degrees[b] ? degrees[a].CompareTo(degrees[b]) : a.CompareTo(b));
                foreach (var j in next)
                {
                    queue.Enqueue(j);
                }
            }
        }

        var newOfOld = new int[n];
        newOfOld[0] = -1;
        for (var position = 0; position < n - 1; position++)
        {
            newOfOld[order[n - 2 - position]] = position;
        }

        return newOfOld;
    }

    /// <summary>The transient states' graph made undirected, self-loops left out: each state's neighbours are <c>neighbours[starts[i]..starts[i + 1]]</c>.</summary>
    private static (int[] Starts, int[] Neighbours) SymmetricNeighbours(AbsorbingChain chain)
    {
        var n = chain.StateCount;
        var degree = new int[n + 1];
        for (var i = 1; i < n; i++)
        {
            for (var k = chain.RowStarts[i]; k < chain.RowStarts[i + 1]; k++)
            {
                var j = chain.Columns[k];
                if (j != i)
                {
                    degree[i + 1]++;
                    degree[j + 1]++;
                }
            }
        }

        var starts = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            starts[i + 1] = starts[i] + degree[i + 1];
        }

        var neighbours = new int[starts[n]];
        var fill = (int[])starts.Clone();
        for (var i = 1; i < n; i++)
        {
            for (var k = chain.RowStarts[i]; k < chain.RowStarts[i + 1]; k++)
            {
                var j = chain.Columns[k];
                if (j != i)
                {
                    neighbours[fill[i]++] = j;
                    neighbours[fill[j]++] = i;
                }
            }
        }

        return (starts, neighbours);
    }
}
