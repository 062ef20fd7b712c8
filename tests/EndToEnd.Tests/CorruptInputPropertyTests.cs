using System.Diagnostics;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Generative tests: valid inputs corrupted at random (fixed seeds, so a failure is reproducible)
/// never crash the command line or the HTTP handler.
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class CorruptInputPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 240;

    private static readonly string[] HugeNumbers = ["1e308", "1.7e308", "-1e308", "1e309", "NaN", "Infinity", "-0", "99999999999999999999", "1e15", "1e-320", "0x10", "1,5"];

    private static readonly byte[][] Boms = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00]];

    /// <summary>One corruption of a file's bytes; each takes its positions from the generator.</summary>
    private static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.OneOf(
        Gen.Select(Gen.Double[0, 1], Gen.Byte, (at, value) => (Func<byte[], byte[]>)(b => Replace(b, at, [value]))),
        Gen.Select(Gen.Double[0, 1], at => (Func<byte[], byte[]>)(b => Insert(b, at, "\""u8.ToArray()))),
        Gen.Select(Gen.Double[0, 1], at => (Func<byte[], byte[]>)(b => Insert(b, at, ","u8.ToArray()))),
        Gen.Select(Gen.Int[0, 2], kind => (Func<byte[], byte[]>)(b => LineEnds(b, kind))),
        Gen.Select(Gen.Int[0, Boms.Length - 1], Gen.Bool, (bom, middle) => (Func<byte[], byte[]>)(b => middle ? Insert(b, 0.5, Boms[bom]) : [.. Boms[bom], .. b])),
        Gen.Select(Gen.Int[0, HugeNumbers.Length - 1], Gen.Int[0, 40], (n, field) => (Func<byte[], byte[]>)(b => ReplaceField(b, field, HugeNumbers[n]))),
        Gen.Select(Gen.Double[0, 1], at => (Func<byte[], byte[]>)(b => b[..(int)(at * b.Length)])),
        Gen.Select(Gen.Double[0, 1], Gen.Int[1, 4], (at, n) => (Func<byte[], byte[]>)(b => Insert(b, at, [.. Enumerable.Repeat((byte)0xC3, n), 0xFF]))),
        Gen.Select(Gen.Int[0, 12], line => (Func<byte[], byte[]>)(b => DuplicateLine(b, line))),
        Gen.Select(Gen.Double[0, 1], at => (Func<byte[], byte[]>)(b => Insert(b, at, Encoding.UTF8.GetBytes(new string('9', 400_000)))))).Select(m => m);

    private static readonly Gen<(bool Journeys, Func<byte[], byte[]>[] Mutations)> Corruption =
        Gen.Select(Gen.Bool, Mutation.Array[1, 3]);

    [Fact]
    public void Run_CorruptedCsv_ExitsZeroOrTwoWithoutStackTraceOrPartialOutput()
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");
        var journeys = File.ReadAllBytes(Path.Combine(directory, "journeys.csv"));
        var performance = File.ReadAllBytes(Path.Combine(directory, "channel_performance.csv"));
        var root = MarkovCli.TempPath("corrupt");
        var counts = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var n = 0;
        try
        {
            Corruption.Sample(
                corruption =>
                {
                    var work = Path.Combine(root, (n++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(work);
                    var corrupted = corruption.Mutations.Aggregate(corruption.Journeys ? journeys : performance, (bytes, mutate) => mutate(bytes));
                    File.WriteAllBytes(Path.Combine(work, "journeys.csv"), corruption.Journeys ? corrupted : journeys);
                    File.WriteAllBytes(Path.Combine(work, "channel_performance.csv"), corruption.Journeys ? performance : corrupted);

                    var result = InProcessCli.RunCsvAsync(work, "30000,60000").GetAwaiter().GetResult();

                    counts[result.ExitCode] = counts.GetValueOrDefault(result.ExitCode) + 1;
                    Assert.True(result.ExitCode is 0 or 2, $"exit {result.ExitCode}: {result.Stderr}");
                    Assert.DoesNotContain("   at ", result.Stderr);
                    Assert.DoesNotContain("Exception", result.Stderr);
                    var written = Directory.GetDirectories(work).Select(d => Path.GetFileName(d)!).ToArray();
                    if (result.ExitCode == 0)
                    {
                        Assert.Equal(["out"], written);
                        Assert.True(File.Exists(Path.Combine(MarkovCli.RunFolder(Path.Combine(work, "out")), "summary.json")));
                    }
                    else
                    {
                        Assert.Empty(written);
                        Assert.StartsWith("error: ", result.Stderr);
                        Assert.True(result.Stderr.Length < 2_200, $"an error of {result.Stderr.Length} characters");
                    }

                    CsvRunTests.Delete(work);
                },
                seed: "0N0XIzNsQ0O2",
                iter: Cases,
                threads: 1);
        }
        finally
        {
            CsvRunTests.Delete(root);
        }

        output.WriteLine($"{n} corrupted runs in {clock.Elapsed.TotalSeconds:0.0} s; exit codes: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}");
        Assert.True(n >= Cases, $"only {n} cases ran");

        // Both outcomes occur, or the corruptions would not be testing anything.
        Assert.True(counts.GetValueOrDefault(0) > 0 && counts.GetValueOrDefault(2) > 0);
    }

    private static byte[] Replace(byte[] bytes, double at, byte[] with)
    {
        if (bytes.Length == 0)
        {
            return with;
        }

        var i = Math.Min(bytes.Length - 1, (int)(at * bytes.Length));
        return [.. bytes[..i], .. with, .. bytes[(i + 1)..]];
    }

    private static byte[] Insert(byte[] bytes, double at, byte[] with)
    {
        var i = (int)(at * bytes.Length);
        return [.. bytes[..i], .. with, .. bytes[i..]];
    }

    private static byte[] LineEnds(byte[] bytes, int kind)
    {
        var text = Encoding.Latin1.GetString(bytes).Replace("\r\n", "\n");
        return Encoding.Latin1.GetBytes(kind switch { 0 => text.Replace("\n", "\r\n"), 1 => text.Replace("\n", "\r"), _ => text.Replace("\n", "\n\n") });
    }

    private static byte[] ReplaceField(byte[] bytes, int field, string with)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var lines = text.Split('\n');
        var cells = lines.Skip(1).SelectMany((l, row) => l.Split(',').Select((_, column) => (row: row + 1, column))).ToArray();
        if (cells.Length == 0)
        {
            return bytes;
        }

        var (r, c) = cells[field % cells.Length];
        var parts = lines[r].Split(',');
        parts[c] = with;
        lines[r] = string.Join(',', parts);
        return Encoding.Latin1.GetBytes(string.Join('\n', lines));
    }

    private static byte[] DuplicateLine(byte[] bytes, int line)
    {
        var lines = Encoding.Latin1.GetString(bytes).Split('\n').ToList();
        var i = line % lines.Count;
        lines.Insert(i, lines[i]);
        return Encoding.Latin1.GetBytes(string.Join('\n', lines));
    }
}
