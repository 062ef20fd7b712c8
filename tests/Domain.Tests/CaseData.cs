using System.Globalization;
using System.Text;
using System.Text.Json;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// One known-answer case of tests/Cases (a copy of shared/cases): inputs read straight into the
/// Domain, and the expected files as JSON. Only the test's own minimal CSV reading lives here; the
/// product's CSV adapter is tested in EndToEnd.Tests.
/// </summary>
public sealed class CaseData
{
    private CaseData(string directory) => Directory = directory;

    public string Directory { get; }

    public string Name => Path.GetRelativePath(Root, Directory);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Cases");

    /// <summary>Every folder with journeys.csv and expected/, nested ones (clean_equivalent) included.</summary>
    public static IEnumerable<object[]> All() =>
        System.IO.Directory.EnumerateFiles(Root, "journeys.csv", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Where(d => System.IO.Directory.Exists(Path.Combine(d!, "expected")))
            .Order(StringComparer.Ordinal)
            .Select(d => new object[] { Path.GetRelativePath(Root, d!) });

    public static CaseData Load(string name) => new(Path.Combine(Root, name));

    public JsonElement Expected(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "expected", file))).RootElement;

    public string ExpectedText(string file) => File.ReadAllText(Path.Combine(Directory, "expected", file));

    public IReadOnlyList<double> Budgets() =>
        File.ReadAllText(Path.Combine(Directory, "budgets.txt")).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToArray();

    public ConstraintConfiguration Constraints()
    {
        var path = Path.Combine(Directory, "groups.json");
        return File.Exists(path) ? ConstraintConfiguration.Parse(File.ReadAllText(path)) : ConstraintConfiguration.Default;
    }

    public IReadOnlyList<string[]> JourneyRows() => ReadCsv("journeys.csv").Skip(1).ToArray();

    public JourneyCounts Counts(double halfLifeDays = 7, IEnumerable<string[]>? rows = null)
    {
        var header = ReadCsv("journeys.csv").First();
        var col = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry, halfLifeDays);
        foreach (var journey in (rows ?? JourneyRows()).GroupBy(r => r[col["customer_id"]]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var touches = journey.Select(r => new Touch(
                FieldParser.ParseJourneyStep(r[col["journey_step"]], Tables.Journeys, "journey_step", "test"),
                FieldParser.ParseTimestampUtcTicks(r[col["timestamp"]], Tables.Journeys, "timestamp", "test"),
                registry.GetOrAdd(FieldParser.RequireChannel(r[col["channel"]], Tables.Journeys, "channel", "test")),
                FieldParser.ParseBoolean(r[col["converted"]], Tables.Journeys, "converted", "test"),
                FieldParser.ParseNonNegative(r[col["conversion_value"]], Tables.Journeys, "conversion_value", "test", whenEmpty: 0))).ToArray();
            counter.AddJourney(touches);
        }

        return counter.ToCounts();
    }

    public ChannelPerformanceTable Performance()
    {
        var rows = ReadCsv("channel_performance.csv").ToArray();
        var col = rows[0].Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
        double Num(string[] r, string c) => double.Parse(r[col[c]], CultureInfo.InvariantCulture);
        return ChannelPerformanceTable.Create(rows.Skip(1).Select(r => new ChannelPerformance(
            r[col["channel"]], Num(r, "current_monthly_spend"), Num(r, "conversions_attributed"), Num(r, "cost_per_conversion"),
            Num(r, "min_monthly_spend"), Num(r, "max_monthly_spend"), Num(r, "conversion_rate_per_1000"))));
    }

    public RunOutcome Run() => MarkovEngine.Run(Counts(), Performance(), RunSettings.Create(Budgets(), constraints: Constraints()));

    private IEnumerable<string[]> ReadCsv(string file) => ParseCsv(File.ReadAllText(Path.Combine(Directory, file)));

    /// <summary>RFC 4180: quoted fields may hold commas, tabs and doubled quotes.</summary>
    public static IEnumerable<string[]> ParseCsv(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return fields.ToArray();
                }

                fields.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
