using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Domain.Uncertainty;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>The run's work area in the artifact store, <c>work/RUN/</c> (<see cref="ArtifactPaths.WorkRoot"/>), as JSON.</summary>
public sealed class ArtifactRunWorkStore(IArtifactStore store) : IRunWorkStore
{
    /// <summary>The response curves' file in a run's work area.</summary>
    public const string CurvesFile = "curves.json";

    /// <summary>The bootstrap's result, replicate models included, in a run's work area.</summary>
    public const string IntervalsFile = "intervals.json";

    public Task<string> PutPartitionAsync(string runId, int partition, JourneyCounts counts, CancellationToken ct = default) =>
        PutAsync(runId, string.Create(CultureInfo.InvariantCulture, $"partition-{partition}.json"), counts, ct);

    public Task<JourneyCounts> GetPartitionAsync(string name, PartitionSkips skip = PartitionSkips.None, CancellationToken ct = default) =>
        GetAsync<JourneyCounts>(name, "counts", ct, ReadOptions[(int)skip]);

    public Task<string> PutCampaignsAsync(string runId, CampaignAttribution campaigns, CancellationToken ct = default) =>
        PutAsync(runId, "campaigns.json", campaigns, ct);

    public Task<CampaignAttribution> GetCampaignsAsync(string name, CancellationToken ct = default) => GetAsync<CampaignAttribution>(name, "campaign attribution", ct);

    public Task<string> PutCurvesAsync(string runId, ResponseCurves curves, CancellationToken ct = default) =>
        PutAsync(runId, CurvesFile, curves, ct);

    public Task<ResponseCurves> GetCurvesAsync(string name, CancellationToken ct = default) => GetAsync<ResponseCurves>(name, "response curves", ct);

    public Task<string> PutIntervalsAsync(string runId, IntervalResult intervals, CancellationToken ct = default) =>
        PutAsync(runId, IntervalsFile, intervals, ct);

    public Task<IntervalResult> GetIntervalsAsync(string name, CancellationToken ct = default) => GetAsync<IntervalResult>(name, "interval result and replicate models", ct);

    public async Task<int> DeleteAsync(string runId, DateTime staleBefore, CancellationToken ct = default)
    {
        var paths = (await store.ListAsync(ArtifactPaths.WorkRoot + "/", ct).ConfigureAwait(false))
            .Where(p => ArtifactPaths.RunOfWork(p) is { } run && (run == runId || RunIds.StartedOf(run) < staleBefore))
            .ToList();
        foreach (var path in paths)
        {
            await store.DeleteAsync(path, ct).ConfigureAwait(false);
        }

        return paths.Select(ArtifactPaths.RunOfWork).Distinct().Count();
    }

    private async Task<string> PutAsync<T>(string runId, string file, T value, CancellationToken ct)
    {
        ArtifactPaths.ValidateRunId(runId);
        var name = ArtifactPaths.WorkFile(runId, file);
        await store.WriteAsync(name, JsonSerializer.SerializeToUtf8Bytes(value), "application/json", ct).ConfigureAwait(false);
        return name;
    }

    // Each part a reader may skip, and the property of JourneyCounts that holds it.
    private static readonly (PartitionSkips Part, string Property)[] SkippableParts =
    [
        (PartitionSkips.Groups, nameof(JourneyCounts.Groups)),
        (PartitionSkips.Histories, nameof(JourneyCounts.Histories)),
        (PartitionSkips.CustomerSegments, nameof(JourneyCounts.CustomerSegments)),
        (PartitionSkips.Campaigns, nameof(JourneyCounts.Campaigns)),
    ];

    // One set of options per combination of skipped parts (16), made once: options cache what they learn of a type.
    private static readonly JsonSerializerOptions?[] ReadOptions = [.. Enumerable.Range(0, 16).Select(skip => skip == 0 ? null : Skipping((PartitionSkips)skip))];

    /// <summary>Options that read <see cref="JourneyCounts"/> without the properties in <paramref name="skip"/>: their JSON is passed over, not built.</summary>
    private static JsonSerializerOptions Skipping(PartitionSkips skip)
    {
        var skipped = SkippableParts.Where(p => skip.HasFlag(p.Part)).Select(p => p.Property).ToHashSet(StringComparer.Ordinal);
        var resolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(type =>
        {
            if (type.Type == typeof(JourneyCounts))
            {
                foreach (var property in type.Properties.Where(p => skipped.Contains(p.Name)).ToArray())
                {
                    type.Properties.Remove(property);
                }
            }
        });
        return new JsonSerializerOptions { TypeInfoResolver = resolver };
    }

    private async Task<T> GetAsync<T>(string name, string what, CancellationToken ct, JsonSerializerOptions? options = null)
    {
        if (ArtifactPaths.RunOfWork(name) is null)
        {
            throw new ArgumentException($"'{name}' is not in a run's work area", nameof(name));
        }

        var bytes = await store.ReadAsync(name, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the run's {what} {name} are gone (deleted by housekeeping?); start the run again");
        return JsonSerializer.Deserialize<T>(bytes, options) ?? throw new InvalidOperationException($"{name} holds no {what}");
    }
}
