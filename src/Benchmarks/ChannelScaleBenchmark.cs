using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// scripts/bench-channels: one shape and size per process, so each peak is that run's own. Generated
/// journeys (about <c>rows</c> rows) over <c>states</c> channels, <b>sparse</b> (each followed by at most
/// 20 others, drawn once from its 50 neighbours on either side, as campaigns of one channel follow each
/// other) or <b>dense</b> (any channel follows any). Prints one line per step: wall time and the
/// process's peak working set so far. <c>--reference</c> also times today's per-channel solve of the
/// point attribution (one dense factorisation per channel) and prints what the dense group tally the
/// counting kept before would have allocated.
/// </summary>
public static class ChannelScaleBenchmark
{
    private const int Followers = 20;
    private const int Neighbourhood = 50;

    public static int Run(string shape, int states, long rows, int replicates, bool reference, bool countOnly = false, bool matrixCsv = false)
    {
        var watch = Stopwatch.StartNew();
        var registry = new ChannelRegistry();
        var (journeys, touches) = Generate(shape, states, rows, registry);
        Report(shape, states, replicates, "generate", watch, $"{touches.Length:N0} rows, {journeys.Length - 1:N0} journeys");

        watch.Restart();
        var groups = replicates > 0 ? IntervalSettings.DefaultGroups : 0;
        var counter = new JourneyCounter(registry, bootstrapGroups: groups);
        for (var j = 0; j + 1 < journeys.Length; j++)
        {
            counter.AddJourney(touches.AsSpan(journeys[j], journeys[j + 1] - journeys[j]), (ulong)j * 0x9E3779B97F4A7C15UL);
        }

        var counts = counter.ToCounts();
        touches = [];
        Report(shape, states, replicates, "count", watch, $"{counts.Transitions.Count:N0} transitions, {counts.Groups?.Transitions.Sum(t => t.Groups.Length) ?? 0:N0} (transition, group) counts");

        // What the extract activity writes to the run's work area (System.Text.Json), once the durable history's load.
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{shape,-6} {states,6} replicates {replicates,4}  history payload: counts {JsonSerializer.SerializeToUtf8Bytes(counts with { Groups = null }).Length / 1048576d:0.00} MiB, groups {(counts.Groups is null ? 0 : JsonSerializer.SerializeToUtf8Bytes(counts.Groups).Length / 1048576d):0.00} MiB"));

        if (matrixCsv)
        {
            WriteMatrixCsv(shape, states, replicates, counts);
            return 0;
        }

        if (countOnly)
        {
            return 0;
        }

        watch.Restart();
        var performance = Performance(counts.Channels);
        var warnings = new List<string>();
        var attribution = MarkovEngine.Steps.Attribute(counts, performance, warnings);
        var chain = AbsorbingChain.FromCounts(counts);
        Report(shape, states, replicates, "attribute", watch, $"half-bandwidth {BandOrdering.Of(chain).HalfBandwidth:N0}, baseline {attribution.BaselineConversion:0.0000}");

        watch.Restart();
        var alpha = new AlphaSettings();
        var calibration = MarkovEngine.Steps.Calibrate(attribution, performance, alpha);
        var budget = performance.Rows.Count * 10_000d;
        var (result, _) = MarkovEngine.Steps.Optimise(budget, calibration.AlphaBest, alpha.Grid(), attribution, performance, [], ResponseSettings.Linear);
        Report(shape, states, replicates, "calibrate+lp", watch, $"alpha {calibration.AlphaBest:0.00}, LP {result.Status.Text()}");

        if (replicates > 0)
        {
            RunReplicates(shape, states, replicates, counts, performance, alpha, attribution, result);
        }

        if (reference)
        {
            RunReference(shape, states, replicates, counts, attribution);
        }

        return 0;
    }

    /// <summary>The bootstrap's replicates: the removal effects alone (in parallel, as the intervals do), then the whole intervals step.</summary>
    private static void RunReplicates(string shape, int states, int replicates, JourneyCounts counts, ChannelPerformanceTable performance, AlphaSettings alpha, AttributionResult attribution, BudgetResult result)
    {
        var watch = Stopwatch.StartNew();
        var attributed = 0;
        foreach (var batch in BootstrapIntervals.Replicates(counts.Groups!, replicates, IntervalSettings.DefaultSeed, counts.HalfLifeDays).Chunk(2 * Environment.ProcessorCount))
        {
            attributed += batch.AsParallel().Count(replicate => MarkovAttribution.Compute(replicate).Channels.Count > 0);
        }

        Report(shape, states, replicates, "replicate attribute", watch, $"{attributed} replicates attributed (the removal effects alone, in parallel as intervals do)");
        watch.Restart();
        var intervals = BootstrapIntervals.Estimate(counts.Groups!, performance, alpha, [], ResponseSettings.Linear, attribution, [result], new IntervalSettings(replicates), counts.HalfLifeDays);
        Report(shape, states, replicates, "intervals", watch, $"{replicates} replicates, {intervals?.FailedReplicates ?? replicates} failed");
    }

    /// <summary>The reference: one dense factorisation per channel, and what the old dense group tally would have allocated.</summary>
    private static void RunReference(string shape, int states, int replicates, JourneyCounts counts, AttributionResult attribution)
    {
        var capacity = 8;
        while (capacity < counts.Channels.Count)
        {
            capacity *= 2;
        }

        // The counter grew its dense tally by doubling from 8 channels; with intervals on, one per counting thread.
        var oldTallyBytes = (double)IntervalSettings.DefaultGroups * (capacity + 1) * (capacity + 2) * sizeof(long);
        var watch = Stopwatch.StartNew();
        var matrix = TransitionMatrix.FromCounts(counts);
        var baseline = MarkovAttribution.ConversionProbability(matrix, removed: null);
        var worst = 0d;
        for (var c = 0; c < counts.Channels.Count; c++)
        {
            var effect = 1 - (MarkovAttribution.ConversionProbability(matrix, c + 1) / baseline);
            worst = Math.Max(worst, Math.Abs(effect - attribution.Channels[c].RemovalEffect));
        }

        Report(shape, states, replicates, "reference attribute", watch, string.Create(
            CultureInfo.InvariantCulture,
            $"per-channel solve; largest |removal effect difference| {worst:g3}; with intervals on, the old dense group tally needed {oldTallyBytes / (1 << 30):0.00} GiB per counter"));
    }

    /// <summary>transition_matrix.csv as a run writes it (from the sparse chain), then the dense n x n matrices the writer used to fill first.</summary>
    private static void WriteMatrixCsv(string shape, int states, int replicates, JourneyCounts counts)
    {
        var watch = Stopwatch.StartNew();
        long bytes;
        using (var stream = new MemoryStream())
        {
            Pipeline.Artifacts.TransitionMatrixCsv.Write(counts, stream);
            bytes = stream.Length;
        }

        Report(shape, states, replicates, "transition csv", watch, string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576d:0.0} MiB of text, written from the sparse chain"));
        watch.Restart();
        var matrix = TransitionMatrix.FromCounts(counts);
        Report(shape, states, replicates, "dense matrix", watch, string.Create(CultureInfo.InvariantCulture, $"the {matrix.States.Count:N0} x {matrix.States.Count:N0} counts and probabilities the writer filled before"));
        GC.KeepAlive(matrix);
    }

    private static void Report(string shape, int states, int replicates, string step, Stopwatch watch, string detail)
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{shape,-6} {states,6} replicates {replicates,4}  {step,-20} {watch.Elapsed.TotalSeconds,8:0.00} s  cpu so far {process.TotalProcessorTime.TotalSeconds,7:0.0} s  peak {process.PeakWorkingSet64 / 1048576d,7:0} MiB  {detail}"));
    }

    /// <summary>Journeys as touch ranges: journey j is <c>touches[starts[j]..starts[j + 1]]</c>.</summary>
    internal static (int[] Starts, Touch[] Touches) Generate(string shape, int states, long rows, ChannelRegistry registry)
    {
        var random = new Random(states);

        // Names whose ordinal order scatters the neighbourhoods, so any band comes from the ordering.
        var ids = Enumerable.Range(0, states).Select(i => registry.GetOrAdd($"c{(i * 7919L) % 1_000_003:D7}")).ToArray();
        var lift = Enumerable.Range(0, states).Select(_ => random.NextDouble()).ToArray();
        var followers = Enumerable.Range(0, states)
            .Select(i => Enumerable.Range(0, Followers).Select(_ => Math.Clamp(i + random.Next(-Neighbourhood, Neighbourhood + 1), 0, states - 1)).ToArray())
            .ToArray();
        var touches = new Touch[rows];
        var starts = new List<int> { 0 };
        var at = 0;
        while (at < rows)
        {
            var length = (int)Math.Min(1 + random.Next(6), rows - at);
            var state = random.Next(states);
            var score = 0d;
            for (var step = 1; step <= length; step++)
            {
                score += lift[state];
                touches[at + step - 1] = new Touch(step, step * TimeSpan.TicksPerHour, ids[state], false, 0);
                state = shape == "dense" ? random.Next(states) : followers[state][random.Next(Followers)];
            }

            var converted = random.NextDouble() < 0.1 + (0.3 * score / length);
            touches[at + length - 1] = touches[at + length - 1] with { Converted = converted, ConversionValue = converted ? 100 : 0 };
            at += length;
            starts.Add(at);
        }

        return (starts.ToArray(), touches);
    }

    private static ChannelPerformanceTable Performance(IReadOnlyList<string> channels)
    {
        var random = new Random(7);
        return ChannelPerformanceTable.Create(channels.Select(name =>
        {
            var spend = 5_000 + Math.Round(random.NextDouble() * 10_000);
            var conversions = 5 + Math.Round(random.NextDouble() * 50);
            return new ChannelPerformance(name, spend, conversions, spend / conversions, Math.Round(spend * 0.5), Math.Round(spend * 2), 1 + (random.NextDouble() * 9));
        }));
    }
}
