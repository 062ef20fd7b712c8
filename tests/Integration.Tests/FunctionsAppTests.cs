using System.Reflection;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Scheduling;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests;

/// <summary>
/// What the build generates, checked before any host starts: the function names in functions.metadata
/// are exactly the names the orchestrator calls, and host.json reaches the output with the durable
/// settings in place. That each wrapper runs the activity it names is shown by running them on the real
/// Functions host (tests/Functions.Tests: a run's artifacts equal the CSV path's).
/// </summary>
public sealed class FunctionsAppTests
{
    private static readonly string Output = Path.Combine(
        RepositoryRoot.Path, "src", "Functions", "bin",
        typeof(FunctionsAppTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        "net10.0", "linux-x64");

    private static JsonArray Metadata() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")))!.AsArray();

    private static IEnumerable<string> NamesWithTrigger(string trigger) =>
        Metadata()
            .Where(f => f!["bindings"]!.AsArray().Any(b => (string?)b!["type"] == trigger))
            .Select(f => (string)f!["name"]!)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void FunctionsMetadata_Orchestrators_AreTheCatalogs()
    {
        Assert.Equal(
            PipelineTasks.Catalog.Orchestrators.Select(o => o.Name).Order(StringComparer.Ordinal),
            NamesWithTrigger("orchestrationTrigger"));
    }

    [Fact]
    public void FunctionsMetadata_Activities_AreTheCatalogsAndPipelineNames()
    {
        var declared = NamesWithTrigger("activityTrigger").ToList();

        Assert.Equal(PipelineTasks.Catalog.Activities.Select(a => a.Name).Order(StringComparer.Ordinal), declared);
        Assert.Equal(PipelineNames.Activities.Order(StringComparer.Ordinal), declared);
    }

    [Fact]
    public void FunctionsMetadata_TimerAndHttp_DeclaredWithKeysAndHourlyUtcSchedule()
    {
        var timer = Assert.Single(Metadata(), f => (string)f!["name"]! == "WeeklyTimer")!;
        var http = NamesWithTrigger("httpTrigger").ToList();

        Assert.Equal(WeeklySchedule.TimerCron, (string?)timer["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "timerTrigger")!["schedule"]);
        Assert.Equal(["Evaluate", "GetRecommendation", "GetRun", "StartRun"], http);
        Assert.All(
            Metadata().Where(f => http.Contains((string)f!["name"]!)),
            f => Assert.Equal("Function", (string?)f!["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "httpTrigger")!["authLevel"]));
    }

    [Fact]
    public void HostJson_InOutput_HubNameFromSettingAndExtensionsAtTopLevel()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "host.json")))!;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("%TASK_HUB_NAME%", (string?)host["extensions"]!["durableTask"]!["hubName"]);
        Assert.Null(host["logging"]!["extensions"]);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")), File.ReadAllText(Path.Combine(Output, "host.json")));
    }
}
