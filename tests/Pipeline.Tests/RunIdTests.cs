using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class RunIdTests
{
    private static readonly DateTime Started = new(2026, 11, 23, 11, 0, 5, 700, DateTimeKind.Utc);

    [Fact]
    public void Create_IsStartSecondMillisecondAndInstanceHash()
    {
        // 700 ms is 2bc in hex; `echo -n weekly-2026-W48 | sha256sum` starts with b76e9.
        Assert.Equal("20261123_110005_2bcb76e9", RunIds.Create(Started, "weekly-2026-W48"));
    }

    [Fact]
    public void RunIds_SameSecond_SortByMillisecondWhateverTheInstance()
    {
        // Two ad hoc runs started in one second: the later must sort last, or latest.json stays on the earlier.
        for (var i = 0; i < 200; i++)
        {
            var first = RunIds.Create(Started.AddMilliseconds(-(i % 700)), Guid.NewGuid().ToString("N"));
            var second = RunIds.Create(Started.AddMilliseconds(1 + (i % 299)), Guid.NewGuid().ToString("N"));
            Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} should sort before {second}");
        }

        Assert.Equal("000", RunIds.Create(new DateTime(2026, 11, 23, 11, 0, 5, DateTimeKind.Utc), "a")[16..19]);
        Assert.Equal("3e7", RunIds.Create(new DateTime(2026, 11, 23, 11, 0, 5, 999, DateTimeKind.Utc), "a")[16..19]);
    }

    [Fact]
    public void Create_SameSecondDifferentInstances_TenDistinctIdsThatAreFolders()
    {
        var ids = Enumerable.Range(0, 10).Select(i => RunIds.Create(Started, Guid.NewGuid().ToString("N"))).ToList();

        Assert.Equal(10, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(ArtifactPaths.IsRunId(id), id));
        Assert.All(ids, id => Assert.Equal(id, ArtifactPaths.RunOf(ArtifactPaths.InRun(id, "summary.json"))));
    }

    [Fact]
    public void Create_SameInputs_SameId()
    {
        Assert.Equal(RunIds.Create(Started, "abc"), RunIds.Create(Started, "abc"));
    }

    [Fact]
    public void RunIds_SortByStartTime()
    {
        var earlier = RunIds.Create(Started, "zzz");
        var later = RunIds.Create(Started.AddSeconds(1), "aaa");
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.True(string.CompareOrdinal("20261123_110005", earlier) < 0, "an id of the older form sorts before the same second with a suffix");
    }

    [Theory]
    [InlineData("20261123_110005_0a1b2c3d", true)]
    [InlineData("20261123_110005", true)]
    [InlineData("20261123_110005_0A1B2C3D", false)]
    [InlineData("20261123_110005_0a1b2c3", false)]
    [InlineData("20261123_110005-0a1b2c3d", false)]
    [InlineData("20261323_110005_0a1b2c3d", false)]
    [InlineData("20261123_110005_0a1b2c3g", false)]
    [InlineData("last week", false)]
    public void IsRunId(string value, bool expected) => Assert.Equal(expected, ArtifactPaths.IsRunId(value));
}
