using System.Globalization;
using CsvHelper;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// transition_matrix.csv is an existing artifact: written from the sparse chain it must keep the bytes the
/// dense writer gave (kept here as the reference: <see cref="TransitionMatrix"/> filled n × n, written cell by cell).
/// </summary>
public sealed class TransitionMatrixCsvTests
{
    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesRoot, "transition_counts.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetRelativePath(CasesRoot, file));
        }

        return cases;
    }

    private static string CasesRoot => Path.Combine(AppContext.BaseDirectory, "Cases");

    [Fact]
    public void Cases_KnownAnswerFolders_AreAllFound() => Assert.True(Cases().Count >= 4, $"{Cases().Count} transition_counts.csv under {CasesRoot}");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_KnownAnswerCaseCounts_BytesEqualTheDenseWriter(string countsFile)
    {
        var counts = CountsFromTable(File.ReadAllLines(Path.Combine(CasesRoot, countsFile)));

        var written = Sparse(counts);

        Assert.Equal(Dense(counts), written);
        Assert.StartsWith("from,(start),", System.Text.Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 300)]
    [InlineData(3, 1_200)]
    public void Write_RandomSparseChain_BytesEqualTheDenseWriter(int seed, int channels)
    {
        var counts = RandomSparseCounts(seed, channels);

        var written = Sparse(counts);

        Assert.Equal(Dense(counts), written);
        var lines = System.Text.Encoding.UTF8.GetString(written).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(channels + 4, lines.Length);
    }

    [Fact]
    public void Write_ChannelWithoutTransitionsAndRepeatedPairs_RowOfZerosAndPairsAdded()
    {
        var counts = JourneyCounts.Empty(7) with
        {
            Channels = ["A", "B"],
            Transitions = [new(States.Start, "A", 2), new("A", States.Conversion, 1), new("A", States.Conversion, 2), new(States.Start, "A", 1), new(States.Start, States.Null, 1)],
        };

        var text = System.Text.Encoding.UTF8.GetString(Sparse(counts));

        Assert.Equal(Dense(counts), Sparse(counts));
        Assert.Equal(
            "from,(start),A,B,(conversion),(null)\n(start),0,0.75,0,0,0.25\nA,0,0,0,1,0\nB,0,0,0,0,0\n(conversion),0,0,0,1,0\n(null),0,0,0,0,1\n",
            text.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    private static byte[] Sparse(JourneyCounts counts)
    {
        using var stream = new MemoryStream();
        TransitionMatrixCsv.Write(counts, stream);
        return stream.ToArray();
    }

    /// <summary>The writer as it was before it went sparse (RunArtifacts, December 2026).</summary>
    private static byte[] Dense(JourneyCounts counts)
    {
        var matrix = TransitionMatrix.FromCounts(counts);
        using var stream = new MemoryStream();
        using (var writer = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            writer.WriteHeader(["from", .. matrix.States]);
            for (var i = 0; i < matrix.States.Count; i++)
            {
                writer.WriteField(matrix.States[i]);
                for (var j = 0; j < matrix.States.Count; j++)
                {
                    writer.WriteField(matrix.Probabilities[i, j], "R");
                }

                writer.EndRecord();
            }
        }

        return stream.ToArray();
    }

    /// <summary>A case's expected transition_counts.csv (rows = from-state) as counts: its transient rows' non-zero cells.</summary>
    private static JourneyCounts CountsFromTable(string[] lines)
    {
        var header = lines[0].Split(',');
        var states = header[1..];
        var transitions = new List<TransitionCount>();
        foreach (var line in lines.Skip(1).Take(states.Length - 2))
        {
            var cells = line.Split(',');
            for (var j = 1; j < cells.Length; j++)
            {
                var count = long.Parse(cells[j], CultureInfo.InvariantCulture);
                if (count > 0)
                {
                    transitions.Add(new TransitionCount(cells[0], states[j - 1], count));
                }
            }
        }

        return JourneyCounts.Empty(7) with { Channels = states[1..^2], Transitions = transitions };
    }

    /// <summary>
    /// A chain as campaign data has it: each channel followed by at most 5 others, counts from 1 to 10^6 (shares
    /// that need all 17 digits), repeated pairs, channels nobody leaves, and names a spreadsheet would read as formulas or split.
    /// </summary>
    private static JourneyCounts RandomSparseCounts(int seed, int channels)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, channels).Select(i => i switch
        {
            0 => "=HYPERLINK(\"x\")",
            1 => "Paid, \"Search\"",
            2 => "+1 Offer",
            _ => string.Create(CultureInfo.InvariantCulture, $"c{(i * 7919L) % 1_000_003:D7}"),
        }).Order(StringComparer.Ordinal).ToArray();
        var transitions = new List<TransitionCount>();
        for (var s = 0; s < 3 * channels; s++)
        {
            transitions.Add(new TransitionCount(States.Start, names[random.Next(channels)], 1 + random.Next(1_000_000)));
        }

        foreach (var from in names.Where((_, i) => i % 17 != 5))
        {
            for (var k = random.Next(6); k > 0; k--)
            {
                transitions.Add(new TransitionCount(from, names[random.Next(channels)], 1 + random.Next(1_000_000)));
            }

            transitions.Add(new TransitionCount(from, random.Next(3) == 0 ? States.Conversion : States.Null, 1 + random.Next(1_000_000)));
        }

        return JourneyCounts.Empty(7) with { Channels = names, Transitions = transitions };
    }
}
