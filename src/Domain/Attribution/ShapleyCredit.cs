using MathNet.Numerics.Random;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The Shapley value of each channel in the game <c>v(S)</c> = the chain's conversion probability with
/// every channel outside S removed (docs/MODEL.md section 14): exact over all subsets up to
/// <see cref="ExactChannelLimit"/> channels, sampled over seeded permutations above, within <see cref="MaxWork"/>.
/// </summary>
public static class ShapleyCredit
{
    public const int ExactChannelLimit = 16;
    public const int Permutations = 1_000;
    public const int Seed = 26;

    /// <summary>
    /// The most work one Shapley computation may do, in solves × chain size (<see cref="ChainSize"/>):
    /// about 5–25 s on 2 cores, depending on how fast the solves converge (README, "Limits"). Orders 3–4 over many channels reach it first.
    /// </summary>
    public const long MaxWork = 50_000_000;

    /// <summary>Fewer permutations than this would say too little; the credit is skipped instead.</summary>
    public const int MinPermutations = 100;

    /// <summary>The size of one solve: the chain's stored transitions plus its states.</summary>
    public static long ChainSize(ChannelChain chain) => (long)chain.Chain.Columns.Length + chain.Chain.StateCount;

    /// <summary>
    /// Exact when the channels are at most <paramref name="exactChannelLimit"/> and the 2^n solves fit in
    /// <paramref name="maxWork"/>; else sampled, with as many of <paramref name="permutations"/> as fit;
    /// skipped (values 0, with the reason) when not even <see cref="MinPermutations"/> fit.
    /// </summary>
    public static ShapleyResult Compute(ChannelChain chain, int exactChannelLimit = ExactChannelLimit, int permutations = Permutations, int seed = Seed, long maxWork = MaxWork)
    {
        var n = chain.Channels.Count;
        var size = ChainSize(chain);
        if (n <= exactChannelLimit && (1L << n) * size <= maxWork)
        {
            return Exact(chain);
        }

        var affordable = maxWork / (Math.Max(1, n) * size);
        if (affordable < MinPermutations)
        {
            return new ShapleyResult(new double[n], null, 0)
            {
                SkippedReason = string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{n:N0} channels over an order-{chain.Order} chain of {chain.States:N0} states need {(long)MinPermutations * n * size:N0} units of work for {MinPermutations} permutations, more than the limit of {maxWork:N0}"),
            };
        }

        return Sampled(chain, (int)Math.Min(permutations, affordable), seed);
    }

    /// <summary>Every coalition solved once; φ_c weighs v(S ∪ {c}) − v(S) by |S|! (n − |S| − 1)! / n!.</summary>
    public static ShapleyResult Exact(ChannelChain chain)
    {
        var n = chain.Channels.Count;
        if (n > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(chain), n, "exact Shapley values need 2^n solves; sample above 30 channels");
        }

        var subsets = 1 << n;
        var value = new double[subsets];
        var kept = new bool[n];
        for (var s = 1; s < subsets; s++)
        {
            for (var c = 0; c < n; c++)
            {
                kept[c] = (s & (1 << c)) != 0;
            }

            value[s] = chain.ConversionProbability(kept);
        }

        // weight[k] = k! (n - k - 1)! / n!, by the recurrence weight[k + 1] = weight[k] (k + 1) / (n - k - 1).
        var weight = new double[Math.Max(n, 1)];
        weight[0] = 1d / n;
        for (var k = 0; k + 1 < n; k++)
        {
            weight[k + 1] = weight[k] * (k + 1) / (n - k - 1);
        }

        var phi = new double[n];
        for (var s = 0; s < subsets; s++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)s);
            for (var c = 0; c < n; c++)
            {
                if ((s & (1 << c)) == 0)
                {
                    phi[c] += weight[size] * (value[s | (1 << c)] - value[s]);
                }
            }
        }

        return new ShapleyResult(phi, null, 0);
    }

    /// <summary>
    /// The mean marginal contribution over <paramref name="permutations"/> random orders of the channels;
    /// each order's contributions add up to p, so the values do too.
    /// </summary>
    public static ShapleyResult Sampled(ChannelChain chain, int permutations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 2);
        var n = chain.Channels.Count;
        var random = new MersenneTwister(seed, threadSafe: false);
        var sum = new double[n];
        var sumOfSquares = new double[n];
        var order = Enumerable.Range(0, n).ToArray();
        var kept = new bool[n];
        for (var p = 0; p < permutations; p++)
        {
            // Fisher–Yates.
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            Array.Clear(kept);
            var before = 0d;
            foreach (var c in order)
            {
                kept[c] = true;
                var after = chain.ConversionProbability(kept);
                var contribution = after - before;
                sum[c] += contribution;
                sumOfSquares[c] += contribution * contribution;
                before = after;
            }
        }

        var phi = new double[n];
        var standardErrors = new double[n];
        for (var c = 0; c < n; c++)
        {
            phi[c] = sum[c] / permutations;
            var variance = Math.Max(0, (sumOfSquares[c] - (permutations * phi[c] * phi[c])) / (permutations - 1));
            standardErrors[c] = Math.Sqrt(variance / permutations);
        }

        return new ShapleyResult(phi, standardErrors, permutations);
    }
}
