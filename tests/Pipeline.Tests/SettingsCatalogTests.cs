using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>Every setting the code reads is in local.settings.sample.json and the README's table, and nothing else is.</summary>
public sealed partial class SettingsCatalogTests
{
    private static readonly HashSet<string> HostSettings = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    [Fact]
    public void SampleSettings_ListExactlyTheCatalog()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var keys = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).Where(k => !HostSettings.Contains(k));
        Assert.Equal(Catalog().Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadmeTable_ListsExactlyTheCatalog()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var keys = TableRow().Matches(readme).Select(m => m.Groups[1].Value);
        Assert.Equal(Catalog().Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OptionsClasses_ReadOnlyCataloguedSettings()
    {
        var read = new List<string>();
        foreach (var (type, section) in new (Type, string)[]
        {
            (typeof(ArtifactsOptions), ArtifactsOptions.Section),
            (typeof(RunOptions), RunOptions.Section),
            (typeof(ScheduleOptions), ScheduleOptions.Section),
            (typeof(AlertOptions), AlertOptions.Section),
            (typeof(DurableOptions), DurableOptions.Section),
            (typeof(NotifyOptions), NotifyOptions.Section),
        })
        {
            read.AddRange(type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && !(type == typeof(DurableOptions) && p.Name == nameof(DurableOptions.HubName)))
                .Select(p => $"{section}__{p.Name}"));
        }

        // The run options RunOptions reads by name.
        read.AddRange(RunOptionCatalog.All.Select(o => o.SettingKey));

        // Flat settings: PostgreSQL's, and the task hub name that host.json resolves (the host resolves no "__" names there).
        read.AddRange(typeof(SettingNames).GetFields().Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("POSTGRES_", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!));
        read.Add(SettingNames.DurableHubName);
        Assert.Equal(Catalog().Order(StringComparer.Ordinal), read.Distinct().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Catalog() => SettingNames.All.Select(s => s.Key);

    [GeneratedRegex(@"^\| `([A-Za-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
