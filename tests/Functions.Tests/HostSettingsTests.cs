using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Functions.Tests;

/// <summary>host.json as written resolves on the real host: every %Setting% it names is a setting the host can see.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed partial class HostSettingsTests(FunctionsAppFixture app)
{
    private static readonly string HostJson = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json"));

    [Fact]
    public void HostJson_SettingReferences_AreFlatNamesThatTheSampleAndTheBicepSet()
    {
        var references = SettingReference().Matches(HostJson).Select(m => m.Groups[1].Value).ToList();
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "bicep", "main.bicep"));

        Assert.Equal(["TASK_HUB_NAME"], references);
        Assert.All(references, name =>
        {
            // The host resolves %X% against its configuration, where an environment variable A__B is the key A:B.
            Assert.DoesNotContain("__", name, StringComparison.Ordinal);
            Assert.DoesNotContain(":", name, StringComparison.Ordinal);
            Assert.True(sample.RootElement.GetProperty("Values").TryGetProperty(name, out _), $"local.settings.sample.json does not set {name}");
            Assert.Matches($@"(?m)^\s+{name}: ", bicep);
        });
    }

    [Fact]
    public async Task HostJson_SampleSettingsWithoutOverrides_HubNameResolvesOnTheRealHost()
    {
        var hub = app.Settings()["TASK_HUB_NAME"]!;
        Assert.DoesNotContain(app.Settings().Keys, key => key.StartsWith("AzureFunctionsJobHost__extensions", StringComparison.Ordinal));

        // The extension logs its configuration as written, then the task hub it resolved and started.
        Assert.Contains(app.Host.Lines, line => line.Contains("\"hubName\":\"%TASK_HUB_NAME%\"", StringComparison.Ordinal));
        Assert.Contains(app.Host.Lines, line => line.Contains($"Task hub worker started.", StringComparison.Ordinal) && line.Contains($"HubName: {hub}.", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Host.Lines, line => line.Contains("HubName: %TASK_HUB_NAME%", StringComparison.Ordinal));
        // The Durable extension made the task hub's queues under that name in Azurite.
        var queues = new QueueServiceClient(app.Azurite.ConnectionString);
        var names = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync(Azure.Storage.Queues.Models.QueueTraits.None, hub.ToLowerInvariant(), CancellationToken.None))
        {
            names.Add(queue.Name);
        }

        Assert.Contains($"{hub.ToLowerInvariant()}-control-00", names);
        Assert.Contains($"{hub.ToLowerInvariant()}-workitems", names);
    }

    [GeneratedRegex("%([^%\"]+)%")]
    private static partial Regex SettingReference();
}
