using System.Text.Json;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// Which run a reader means and what its folder holds, through any artifact store (the app's
/// container, a local artifact root such as <c>markov run --out</c> or <c>./processed</c>): the one
/// reader of the recommendation API, <c>POST /api/evaluate</c> and <c>markov evaluate</c>.
/// </summary>
public sealed class RunFolderReader(IArtifactStore store)
{
    /// <summary>The run <paramref name="named"/>, else the last good one <c>latest.json</c> names; null when nothing is published yet.</summary>
    /// <exception cref="InvalidDataException"><c>latest.json</c> is broken (it is edited by hand to roll back: the message says how to fix it).</exception>
    public async Task<string?> WhichRunAsync(string? named = null, CancellationToken ct = default)
    {
        if (named is not null)
        {
            return named;
        }

        var latest = await store.ReadAsync(ArtifactPaths.LatestPointer, ct).ConfigureAwait(false);
        return latest is null ? null : LatestRunPointer.Parse(latest).Run;
    }

    /// <summary>A file of the run folder, or null when the run has none.</summary>
    public Task<byte[]?> ReadAsync(string run, string fileName, CancellationToken ct = default) =>
        store.ReadAsync(ArtifactPaths.InRun(run, fileName), ct);

    /// <summary>A file of the run <c>latest.json</c> names, which must be there: the pointer only ever names whole run folders.</summary>
    /// <exception cref="InvalidDataException">The file is missing (the pointer was rolled back to a folder that is not there).</exception>
    public async Task<byte[]> ReadOfLatestAsync(string latest, string fileName, CancellationToken ct = default) =>
        await ReadAsync(latest, fileName, ct).ConfigureAwait(false)
        ?? throw new InvalidDataException($"{ArtifactPaths.LatestPointer} names run {latest}, which has no {fileName} (point it at a run folder that exists)");

    /// <summary>The run's summary; its folder must hold one.</summary>
    public async Task<RunSummary> LatestSummaryAsync(string latest, CancellationToken ct = default) =>
        RunSummary.FromJson(await ReadOfLatestAsync(latest, RunArtifacts.Summary, ct).ConfigureAwait(false));

    /// <summary>The model of the run <c>latest.json</c> names; its folder must hold one.</summary>
    public async Task<RecommendationModel> LatestModelAsync(string latest, CancellationToken ct = default) =>
        Model(await ReadOfLatestAsync(latest, RecommendationModel.FileName, ct).ConfigureAwait(false), latest);

    /// <summary><c>recommendation_model.json</c> as read back from run <paramref name="run"/>.</summary>
    /// <exception cref="InvalidDataException">The file holds JSON null.</exception>
    /// <exception cref="JsonException">The file is not valid JSON.</exception>
    public static RecommendationModel Model(ReadOnlySpan<byte> json, string run) =>
        JsonSerializer.Deserialize<RecommendationModel>(json, RunSummary.JsonOptions)
        ?? throw new InvalidDataException($"run {run}: {RecommendationModel.FileName} is empty");
}
