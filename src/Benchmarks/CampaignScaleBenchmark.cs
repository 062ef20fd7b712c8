using System.Diagnostics;
using System.Globalization;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// scripts/bench-channels --campaigns: the campaign column's cost (docs/MODEL.md section 10). Journeys as
/// the sparse shape makes them (each campaign followed by at most 20 others), each campaign under one of 20
/// channels; counted once without the campaign column and once with it (the same touches), then the
/// campaign chain attributed. One size per process, so each peak is that run's own.
/// </summary>
public static class CampaignScaleBenchmark
{
    private const int Channels = 20;

    public static int Run(int campaigns, long rows, int replicates)
    {
        var watch = Stopwatch.StartNew();
        var channels = new ChannelRegistry();
        var pairs = new CampaignRegistry();
        var (starts, touches) = Generate(campaigns, rows, channels, pairs);
        Report(campaigns, replicates, "generate", watch, $"{touches.Length:N0} rows, {starts.Length - 1:N0} journeys, {pairs.Count:N0} (channel, campaign) pairs");

        var groups = replicates > 0 ? IntervalSettings.DefaultGroups : 0;
        watch.Restart();
        var plain = Count(new JourneyCounter(channels, bootstrapGroups: groups), starts, touches);
        var plainSeconds = watch.Elapsed.TotalSeconds;
        Report(campaigns, replicates, "count without", watch, $"{plain.Transitions.Count:N0} channel transitions");

        watch.Restart();
        var counts = Count(new JourneyCounter(channels, bootstrapGroups: groups, campaigns: pairs), starts, touches);
        Report(campaigns, replicates, "count with campaigns", watch, string.Create(
            CultureInfo.InvariantCulture,
            $"{counts.Campaigns!.Transitions.Count:N0} campaign transitions; {watch.Elapsed.TotalSeconds / plainSeconds:0.00}x the count without"));

        watch.Restart();
        var warnings = new List<string>();
        var attribution = MarkovEngine.Steps.AttributeCampaigns(counts, warnings)!;
        Report(campaigns, replicates, "attribute campaigns", watch, string.Create(
            CultureInfo.InvariantCulture,
            $"{attribution.Campaigns.Count:N0} campaigns, baseline {attribution.BaselineConversion:0.0000}, {warnings.Count} warnings"));
        return 0;
    }

    private static JourneyCounts Count(JourneyCounter counter, int[] starts, Touch[] touches)
    {
        // Each journey on a copy: the counter sorts a journey in place.
        var journey = new Touch[64];
        for (var j = 0; j + 1 < starts.Length; j++)
        {
            var length = starts[j + 1] - starts[j];
            touches.AsSpan(starts[j], length).CopyTo(journey);
            counter.AddJourney(journey.AsSpan(0, length), (ulong)j * 0x9E3779B97F4A7C15UL);
        }

        return counter.ToCounts();
    }

    private static void Report(int campaigns, int replicates, string step, Stopwatch watch, string detail)
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"campaigns {campaigns,6} replicates {replicates,4}  {step,-22} {watch.Elapsed.TotalSeconds,8:0.00} s  cpu so far {process.TotalProcessorTime.TotalSeconds,7:0.0} s  peak {process.PeakWorkingSet64 / 1048576d,7:0} MiB  {detail}"));
    }

    /// <summary>The sparse shape's journeys (<see cref="ChannelScaleBenchmark.Generate"/>), its state i made campaign i under channel i mod 20, so neighbouring campaigns cross channels as campaign journeys do.</summary>
    private static (int[] Starts, Touch[] Touches) Generate(int campaigns, long rows, ChannelRegistry channels, CampaignRegistry pairs)
    {
        var states = new ChannelRegistry();
        var (starts, touches) = ChannelScaleBenchmark.Generate("sparse", campaigns, rows, states);
        var channelIds = Enumerable.Range(0, Channels).Select(c => channels.GetOrAdd($"Channel {c:D2}")).ToArray();
        var pairIds = Enumerable.Range(0, campaigns).Select(i => (ushort)pairs.IdOf(channels[channelIds[i % Channels]], states[i])).ToArray();
        for (var t = 0; t < touches.Length; t++)
        {
            var state = touches[t].ChannelId;
            touches[t] = touches[t] with { ChannelId = channelIds[state % Channels], CampaignId = pairIds[state] };
        }

        return (starts, touches);
    }
}
