using System.Text;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Counting;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>Issue 22: the spill sizes partitions from the bytes written, splits those that outgrew the estimate, and checks the disk first.</summary>
public sealed class JourneySpillTests
{
    private static readonly string[] ChannelNames = ["email", "search", "social", "display", "affiliate"];

    [Fact]
    public void Count_PartitionAboveMaxBytes_SplitsAndEqualsTheUnsplitCounts()
    {
        var rows = RandomRows(customers: 4_000, seed: 22);

        using var whole = Fill(new JourneySpill(new ChannelRegistry(), partitions: 1), rows);
        var expected = whole.Count(halfLifeDays: 7);

        // About 4,000 × 3.5 rows × 34 bytes ≈ 480 KB in one partition, split at 16 KiB: ~60 pieces, some split again.
        using var split = Fill(new JourneySpill(new ChannelRegistry(), partitions: 1) { MaxPartitionBytes = 16 << 10 }, rows);
        var actual = split.Count(halfLifeDays: 7);

        Assert.Equal(0, whole.SplitPartitions);
        Assert.True(split.SplitPartitions >= 1, $"split {split.SplitPartitions}");
        Assert.Equal(4_000, actual.Journeys);
        Assert.Equal(expected.Channels, actual.Channels);
        Assert.Equal(expected.Transitions, actual.Transitions);
        Assert.Equal((expected.Rows, expected.Journeys, expected.ConvertedJourneys), (actual.Rows, actual.Journeys, actual.ConvertedJourneys));
        Assert.Equal(expected.ConvertedValue, actual.ConvertedValue, 9);
        foreach (var (e, a) in expected.Heuristics.Zip(actual.Heuristics))
        {
            Assert.Equal(e.Channel, a.Channel);
            Assert.Equal(e.FirstTouch, a.FirstTouch, 9);
            Assert.Equal(e.LastTouch, a.LastTouch, 9);
            Assert.Equal(e.Linear, a.Linear, 9);
            Assert.Equal(e.TimeDecay, a.TimeDecay, 9);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 40)]
    [InlineData(4, 0)]
    public void Count_ManyPartitionsOneSetOfSlotCountsPerThread_EqualsOnePartition(int order, int groups)
    {
        // Two threads count 13 partitions (one split again), each adding the partitions' group and order-k
        // counts to its own set; attached once to the sum, they must be exactly those of one partition counted whole.
        var rows = RandomRows(customers: 3_000, seed: 26 + order);
        using var whole = FillWithSegments(new JourneySpill(new ChannelRegistry(), 1, new CustomerSegmentRegistry(), groups, MarkovOrder.Of(order)), rows);
        using var parts = FillWithSegments(new JourneySpill(new ChannelRegistry(), 13, new CustomerSegmentRegistry(), groups, MarkovOrder.Of(order)) { MaxPartitionBytes = 4 << 10 }, rows);

        var expected = whole.Count(halfLifeDays: 7);
        var actual = parts.Count(halfLifeDays: 7);

        Assert.True(parts.SplitPartitions >= 1, $"split {parts.SplitPartitions}");
        Assert.Equal(expected.Transitions, actual.Transitions);
        Assert.Equal(Json(expected.Groups), Json(actual.Groups));
        Assert.Equal(Json(expected.Histories), Json(actual.Histories));
        Assert.Equal(groups > 0, actual.Groups is not null);
        Assert.Equal(order > 1, actual.Histories is { Transitions.Count: > 0 });
        Assert.Equal(3, actual.CustomerSegments.Count);
        foreach (var (e, a) in expected.CustomerSegments.Zip(actual.CustomerSegments))
        {
            Assert.Equal(e.CustomerSegment, a.CustomerSegment);
            Assert.Equal(e.Counts.Transitions, a.Counts.Transitions);
            Assert.Equal(Json(e.Counts.Histories), Json(a.Counts.Histories));
            Assert.Equal(order > 1, a.Counts.Histories is { Transitions.Count: > 0 });
        }

        // The segments' order-k counts add up to the whole's, slot by slot (one slot each).
        if (order > 1)
        {
            var bySegment = HistoryCounts.Sum([.. actual.CustomerSegments.Select(s => s.Counts.Histories)])!;
            var totals = actual.Histories!.Transitions.ToDictionary(t => string.Join("|", t.History) + ">" + t.Next, t => t.Total, StringComparer.Ordinal);
            Assert.Equal(totals.Count, bySegment.Transitions.Count);
            Assert.All(bySegment.Transitions, t => Assert.Equal(totals[string.Join("|", t.History) + ">" + t.Next], t.Total));
        }
    }

    [Fact]
    public void Count_OneCustomerAboveMaxBytes_CountsItAsOneJourney()
    {
        // 2,000 rows of one customer: no split can part them, so the partition is counted whole.
        var rows = Enumerable.Range(1, 2_000).Select(step => ("only-customer", step, step % ChannelNames.Length, step == 2_000)).ToList();
        using var spill = Fill(new JourneySpill(new ChannelRegistry(), partitions: 1) { MaxPartitionBytes = 1 << 10 }, rows);

        var counts = spill.Count(halfLifeDays: 7);

        Assert.Equal(0, spill.SplitPartitions);
        Assert.Equal((2_000L, 1L, 1L), (counts.Rows, counts.Journeys, counts.ConvertedJourneys));
    }

    [Fact]
    public void PiecesFor_PartitionsAbove2GiB_LongArithmetic()
    {
        // 5 GiB at 64 MiB: 160 pieces of 32 MiB and one more; an int cast of the bytes would be negative.
        Assert.Equal(161, JourneySpill.PiecesFor(5L << 30, JourneySpill.DefaultMaxPartitionBytes));
        Assert.Equal(1_024, JourneySpill.PiecesFor(long.MaxValue, JourneySpill.DefaultMaxPartitionBytes));
        Assert.Equal(3, JourneySpill.PiecesFor(JourneySpill.DefaultMaxPartitionBytes + 1, JourneySpill.DefaultMaxPartitionBytes));
        Assert.Equal(512, JourneySpill.PartitionsFor(10_000_000_000L));
    }

    [Fact]
    public void MaxPartitionBytes_AboveOneArray_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JourneySpill(new ChannelRegistry(), 1) { MaxPartitionBytes = 3L << 30 });
    }

    [Fact]
    public void Constructor_ExpectedBytesAboveTheFreeDisk_RefusedNamingTheFolderAndSizes()
    {
        var temp = Path.GetTempPath();
        var free = new DriveInfo(temp).AvailableFreeSpace;

        var error = Assert.Throws<ConfigurationException>(() => new JourneySpill(new ChannelRegistry(), 1, expectedBytes: free + (1L << 40)));

        Assert.Contains($"the temp folder {temp} has ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"about {free + (1L << 40):N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireFreeSpace_WhatTheDiskHas_Passes()
    {
        SpillFolder.RequireFreeSpace(Path.GetTempPath(), 1 << 20);
    }

    [Fact]
    public void SweepStale_OursOlderThanADay_OnlyThoseDeleted()
    {
        var root = Directory.CreateTempSubdirectory("markov-sweep-test.").FullName;
        try
        {
            var now = DateTime.UtcNow;
            var old = now.AddDays(-2);
            var stale = Folder(root, "markov-journeys-stale", old, fileWritten: old);
            var fresh = Folder(root, "markov-journeys-fresh", now, fileWritten: now);

            // The folder's own time is old, but a file in it was written an hour ago: a spill still in use.
            var writing = Folder(root, "markov-journeys-writing", old, fileWritten: now.AddHours(-1));
            var others = Folder(root, "other-tool-stale", old, fileWritten: old);
            var notAFolder = Path.Combine(root, "markov-journeys-file.bin");
            File.WriteAllText(notAFolder, "x");
            File.SetLastWriteTimeUtc(notAFolder, old);
            var target = Folder(root, "link-target", old, fileWritten: old);
            var link = Path.Combine(root, "markov-journeys-link");
            Directory.CreateSymbolicLink(link, target);

            Assert.Equal(1, SpillFolder.SweepStale(root, now));

            Assert.False(Directory.Exists(stale));
            Assert.All([fresh, writing, others, target, link], path => Assert.True(Directory.Exists(path), path));
            Assert.True(File.Exists(notAFolder));
            Assert.True(File.Exists(Path.Combine(target, "w00-p000.bin")), "the link's target is not ours to sweep");

            // Its file a day less a minute old: not yet stale; a day and a minute: swept.
            Assert.Equal(0, SpillFolder.SweepStale(root, now.AddHours(-1).AddDays(1).AddMinutes(-1)));
            Assert.True(Directory.Exists(writing));
            Assert.Equal(1, SpillFolder.SweepStale(root, now.AddHours(-1).AddDays(1).AddMinutes(1)));
            Assert.False(Directory.Exists(writing));
            Assert.True(Directory.Exists(fresh));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Folder(string root, string name, DateTime folderWritten, DateTime fileWritten)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var file = Path.Combine(folder, "w00-p000.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        File.SetLastWriteTimeUtc(file, fileWritten);
        Directory.SetLastWriteTimeUtc(folder, folderWritten);
        return folder;
    }

    private static JourneySpill Fill(JourneySpill spill, IEnumerable<(string Customer, int Step, int Channel, bool Converted)> rows)
    {
        var ids = ChannelNames.Select(spill.ChannelId).ToArray();
        var writer = spill.CreateWriter();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        foreach (var (customer, step, channel, converted) in rows)
        {
            writer.Add(Encoding.UTF8.GetBytes(customer), new Touch(step, start + (step * TimeSpan.TicksPerHour), ids[channel], converted, converted ? 12.5 * (1 + channel) : 0));
        }

        return spill;
    }

    /// <summary>As <see cref="Fill"/>, each customer in one of three segments by its number.</summary>
    private static JourneySpill FillWithSegments(JourneySpill spill, IEnumerable<(string Customer, int Step, int Channel, bool Converted)> rows)
    {
        string[] names = ["loyal", "new", "returning"];
        var ids = ChannelNames.Select(spill.ChannelId).ToArray();
        var segments = names.Select(n => spill.CustomerSegmentId(n, n)).ToArray();
        var writer = spill.CreateWriter();
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        foreach (var (customer, step, channel, converted) in rows)
        {
            var segment = segments[int.Parse(customer.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) % names.Length];
            writer.Add(Encoding.UTF8.GetBytes(customer), new Touch(step, start + (step * TimeSpan.TicksPerHour), ids[channel], converted, 0, segment));
        }

        return spill;
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>One to six touches a customer, a third of them converting on the last touch; rows shuffled.</summary>
    private static List<(string Customer, int Step, int Channel, bool Converted)> RandomRows(int customers, int seed)
    {
        var random = new Random(seed);
        var rows = new List<(string, int, int, bool)>();
        for (var c = 0; c < customers; c++)
        {
            var touches = random.Next(1, 7);
            var converts = random.Next(3) == 0;
            for (var step = 1; step <= touches; step++)
            {
                rows.Add(($"c{c:D6}", step, random.Next(ChannelNames.Length), converts && step == touches));
            }
        }

        return [.. rows.OrderBy(_ => random.Next())];
    }
}
