using System.Diagnostics;
using System.Globalization;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;

// lp: solves many budget LPs in one process, as one run's sweep does, and prints the wall time.
//     lp [--count 500] [--channels 20] [--segments 16] [--response saturating|linear]
// extract ROWS RESULTS REPEAT: the data-plane benchmark of scripts/bench (connections from the environment).
// channels SHAPE STATES ROWS REPLICATES [reference] [count-only] [matrix-csv]: one run of scripts/bench-channels.
// shapley CHANNELS JOURNEYS [ORDER]: the Shapley values of an order-ORDER chain (default 1) as a run computes them, timed.
if (args.FirstOrDefault() == "shapley")
{
    return MarkovFunctions.Benchmarks.ShapleyBenchmark.Run(
        int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
}

// campaigns CAMPAIGNS ROWS REPLICATES: the campaign column's cost, one run of scripts/bench-channels --campaigns.
if (args.FirstOrDefault() == "campaigns")
{
    return MarkovFunctions.Benchmarks.CampaignScaleBenchmark.Run(
        int.Parse(args[1], CultureInfo.InvariantCulture), long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
}

if (args.FirstOrDefault() == "channels")
{
    return MarkovFunctions.Benchmarks.ChannelScaleBenchmark.Run(
        args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), args.Contains("reference"), args.Contains("count-only"), args.Contains("matrix-csv"));
}

if (args.FirstOrDefault() == "extract")
{
    return await MarkovFunctions.Benchmarks.ExtractBenchmark.RunAsync(
        long.Parse(args[1], CultureInfo.InvariantCulture),
        int.Parse(args[3], CultureInfo.InvariantCulture),
        Environment.GetEnvironmentVariable("BENCH_ADMIN")!,
        Environment.GetEnvironmentVariable("BENCH_READER")!,
        Environment.GetEnvironmentVariable("BENCH_AZURITE"),
        args[2]);
}

if (args.FirstOrDefault() == "extract-only")
{
    return await MarkovFunctions.Benchmarks.ExtractBenchmark.ExtractOnlyAsync(Environment.GetEnvironmentVariable("BENCH_READER")!, int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
}

if (args.FirstOrDefault() == "pipeline-only")
{
    return await MarkovFunctions.Benchmarks.ExtractBenchmark.PipelineOnlyAsync(Environment.GetEnvironmentVariable("BENCH_READER")!, Environment.GetEnvironmentVariable("BENCH_AZURITE")!, int.Parse(args[2], CultureInfo.InvariantCulture));
}

if (args.FirstOrDefault() == "curves-csv")
{
    // curves-csv DIR [--channels 20] [--customers 20000]: the CSV input of scripts/bench-curves.
    var csvOptions = ParseOptions(args);
    MarkovFunctions.Benchmarks.CurveRunData.Write(args[1], (int)csvOptions.GetValueOrDefault("channels", 20), (int)csvOptions.GetValueOrDefault("customers", 20_000), 7);
    return 0;
}

if (args.FirstOrDefault() == "curves")
{
    // curves [--channels 20] [--draws 200]: the posteriors of a 104-week history per channel, with replicate draws.
    var curveOptions = ParseOptions(args);
    var channelTotal = (int)curveOptions.GetValueOrDefault("channels", 20);
    var draws = (int)curveOptions.GetValueOrDefault("draws", 200);
    var truths = MarkovFunctions.Benchmarks.CurveRunData.Truths(channelTotal);
    var history = MarkovFunctions.Domain.ResponseFitting.SpendHistory.Create(MarkovFunctions.Domain.Sampling.SpendHistoryGenerator.Generate(truths, new DateOnly(2026, 11, 30), 7));
    var table = MarkovFunctions.Domain.Inputs.ChannelPerformanceTable.Create(truths.Select(t =>
        new MarkovFunctions.Domain.Inputs.ChannelPerformance(t.Channel, t.WeeklySpend * 52 / 12, 500, null, 0, 1e6, 10)));
    var fitWatch = Stopwatch.StartNew();
    var fitted = MarkovFunctions.Domain.ResponseFitting.ResponseCurveFitter.Fit(history, table, new ResponseSettings(ResponseMode.Fitted), draws, 15);
    fitWatch.Stop();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"curves: {channelTotal} channels x 104 weeks, {draws} draws: {fitWatch.Elapsed.TotalSeconds:0.000} s, {fitted.Channels.Count(c => c.IsFitted)} fitted"));
    return 0;
}

var options = ParseOptions(args);
var count = (int)options.GetValueOrDefault("count", 500);
var channelCount = (int)options.GetValueOrDefault("channels", 20);
var segments = (int)options.GetValueOrDefault("segments", 16);
var mode = args.Contains("linear") ? ResponseMode.Linear : ResponseMode.Saturating;

var random = new Random(42);
var channels = Enumerable.Range(0, channelCount)
    .Select(i =>
    {
        var current = 2_000 + (random.NextDouble() * 20_000);
        return new ChannelResponse($"Channel {i:D2}", 0.0005 + (random.NextDouble() * 0.01), current, current * 0.2, current * 3, 1.0 / channelCount, 10);
    })
    .ToArray();
var response = new LinearResponse(0.5, 1, channels);
var minTotal = channels.Sum(c => c.MinSpend);
var maxTotal = channels.Sum(c => c.MaxSpend);
ShareConstraint[] rules =
[
    new("Paid", channels.Take(channelCount / 2).Select(c => c.Channel).ToArray(), ShareBound.AtLeast, 0.3),
    new("Social+Display", channels.Skip(channelCount / 2).Take(channelCount / 4).Select(c => c.Channel).ToArray(), ShareBound.AtMost, 0.4),
];
var settings = new ResponseSettings(mode, Segments: segments);

// Warm up the native solver once so the figure is the steady state of a sweep.
BudgetOptimizer.Solve(response, rules, (minTotal + maxTotal) / 2, settings);
var optimal = 0;
var watch = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var budget = minTotal + ((maxTotal - minTotal) * (i + 0.5) / count);
    optimal += BudgetOptimizer.Solve(response, rules, budget, settings).IsOptimal ? 1 : 0;
}

watch.Stop();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{count} {mode.ToString().ToLowerInvariant()} LPs, {channelCount} channels, {segments} segments: {watch.Elapsed.TotalSeconds:0.000} s ({watch.Elapsed.TotalMilliseconds / count:0.00} ms each), {optimal} optimal"));
return 0;

static Dictionary<string, double> ParseOptions(string[] args)
{
    var result = new Dictionary<string, double>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i].StartsWith("--", StringComparison.Ordinal) && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value))
        {
            result[args[i][2..]] = value;
        }
    }

    return result;
}
