using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>One transition's counts by slot, added over parts: by slot index when slots are few, by sorting when they are many and sparse; the same sums either way.</summary>
public sealed class SlotCountsTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(100_000)]
    public void Sum_RandomParts_EqualsTheSumSlotBySlot(int slotCount)
    {
        var random = new Random(slotCount);
        var expected = new SortedDictionary<int, long>();
        var parts = new List<(int[] Slots, long[] Counts)>();
        for (var p = 0; p < 5; p++)
        {
            var slots = Enumerable.Range(0, 30).Select(_ => random.Next(slotCount)).Distinct().Order().ToArray();
            var counts = slots.Select(_ => (long)random.Next(1, 1000)).ToArray();
            for (var i = 0; i < slots.Length; i++)
            {
                expected[slots[i]] = expected.GetValueOrDefault(slots[i]) + counts[i];
            }

            parts.Add((slots, counts));
        }

        var (sumSlots, sumCounts) = SlotCounts.Sum(parts);

        Assert.Equal(expected.Keys, sumSlots);
        Assert.Equal(expected.Values, sumCounts);
    }

    [Fact]
    public void Sum_SlotsGivenOutOfOrder_ComeBackAscending()
    {
        var (slots, counts) = SlotCounts.Sum([([7, 2], [5L, 1L]), ([2, 9], [3L, 4L])]);

        Assert.Equal([2, 7, 9], slots);
        Assert.Equal([4L, 5L, 4L], counts);
    }
}
