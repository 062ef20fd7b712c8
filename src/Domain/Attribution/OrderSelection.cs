using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The order chosen on held-out customers (docs/MODEL.md section 13): each order 1–4 is counted on four
/// folds and scored on the fifth, backing off to shorter states seen too rarely, and the smallest order
/// within one standard error of the best wins.
/// </summary>
public sealed record OrderSelection(int Chosen, IReadOnlyList<OrderScore> Scores)
{
    /// <summary>A state needs this many training transitions out of it to be used; shorter ones stand in below.</summary>
    public const int MinTrainingTransitions = 5;

    public const double Smoothing = 0.5;

    /// <summary>Scores every order on the (history, next) counts, which must keep 4 touches and fold slots (a multiple of 5).</summary>
    public static OrderSelection Choose(JourneyCounts counts)
    {
        var histories = counts.Histories ?? throw new InvalidOperationException("choosing the order needs the (history, next) counts of order auto");
        const int Folds = MarkovOrder.Folds;
        if (histories.LongestHistory < MarkovOrder.Highest || histories.Slots % Folds != 0)
        {
            throw new InvalidOperationException($"choosing the order needs histories of {MarkovOrder.Highest} touches in a multiple of {Folds} slots");
        }

        var outcomes = counts.Channels.Count + 2;
        var transitions = histories.Transitions.Select(t => new Scored(t, ByFold(t, Folds))).ToArray();

        // Per order j: each state's counts by fold, in total and per next symbol.
        var stateTotals = new Dictionary<string, long[]>[MarkovOrder.Highest + 1];
        var pairCounts = new Dictionary<string, long[]>[MarkovOrder.Highest + 1];
        for (var j = 1; j <= MarkovOrder.Highest; j++)
        {
            stateTotals[j] = new(StringComparer.Ordinal);
            pairCounts[j] = new(StringComparer.Ordinal);
            foreach (var t in transitions)
            {
                Add(stateTotals[j], t.States[j], t.ByFold);
                Add(pairCounts[j], t.States[j] + "\u0000" + t.Transition.Next, t.ByFold);
            }
        }

        var journeysByFold = new long[Folds];
        foreach (var t in transitions.Where(t => t.Transition.History.Count == 0))
        {
            for (var f = 0; f < Folds; f++)
            {
                journeysByFold[f] += t.ByFold[f];
            }
        }

        var scores = new List<OrderScore>();
        for (var k = 1; k <= MarkovOrder.Highest; k++)
        {
            var losses = new double[Folds];
            for (var f = 0; f < Folds; f++)
            {
                var logLikelihood = 0d;
                foreach (var t in transitions)
                {
                    var heldOut = t.ByFold[f];
                    if (heldOut == 0)
                    {
                        continue;
                    }

                    // The longest state of this history, at orders k down to 1, seen often enough in training.
                    for (var j = k; j >= 1; j--)
                    {
                        var total = Training(stateTotals[j][t.States[j]], f);
                        if (total >= MinTrainingTransitions || j == 1)
                        {
                            var pair = Training(pairCounts[j][t.States[j] + "\u0000" + t.Transition.Next], f);
                            logLikelihood += heldOut * Math.Log((pair + Smoothing) / (total + (Smoothing * outcomes)));
                            break;
                        }
                    }
                }

                losses[f] = journeysByFold[f] > 0 ? -logLikelihood / journeysByFold[f] : 0;
            }

            var mean = losses.Average();
            var deviation = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (Folds - 1));
            var states = transitions.Where(t => t.Transition.History.Count > 0).Select(t => t.States[k]).Distinct(StringComparer.Ordinal).Count();
            scores.Add(new OrderScore(k, mean, deviation / Math.Sqrt(Folds), states));
        }

        var best = scores.MinBy(s => s.HoldoutLoss)!;
        var chosen = scores.First(s => s.HoldoutLoss <= best.HoldoutLoss + best.StandardError).Order;
        return new OrderSelection(chosen, scores);
    }

    private static long Training(long[] byFold, int heldOutFold) => byFold[MarkovOrder.Folds] - byFold[heldOutFold];

    /// <summary>The counts by fold (a slot mod 5), with their total last.</summary>
    private static long[] ByFold(HistoryTransition transition, int folds)
    {
        var byFold = new long[folds + 1];
        for (var k = 0; k < transition.Slots.Length; k++)
        {
            byFold[transition.Slots[k] % folds] += transition.Counts[k];
            byFold[folds] += transition.Counts[k];
        }

        return byFold;
    }

    private static void Add(Dictionary<string, long[]> sums, string key, long[] byFold)
    {
        if (!sums.TryGetValue(key, out var sum))
        {
            sums[key] = sum = new long[byFold.Length];
        }

        for (var i = 0; i < byFold.Length; i++)
        {
            sum[i] += byFold[i];
        }
    }

    /// <summary>A counted pair with its state at every order (index j; the key of the last min(length, j) touches).</summary>
    private sealed class Scored
    {
        public Scored(HistoryTransition transition, long[] byFold)
        {
            Transition = transition;
            ByFold = byFold;
            States = new string[MarkovOrder.Highest + 1];
            for (var j = 1; j <= MarkovOrder.Highest; j++)
            {
                // Length-prefixed names: no two tuples share a key.
                States[j] = string.Concat(transition.History.TakeLast(j).Select(name => $"{name.Length}:{name}"));
            }
        }

        public HistoryTransition Transition { get; }

        public long[] ByFold { get; }

        public string[] States { get; }
    }
}
