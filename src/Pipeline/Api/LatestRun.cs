using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Pipeline.Api;

/// <summary><c>latest.json</c> names the last good run: <c>{"run": "YYYYMMDD_HHMMSS_xxxxxxxx", ...}</c>.</summary>
public static class LatestRun
{
    public const string FileName = "latest.json";

    public static async Task<string?> ReadAsync(IArtifactStore store, CancellationToken ct = default)
    {
        var bytes = await store.ReadAsync(FileName, ct);
        if (bytes is null)
        {
            return null;
        }

        return LatestRunPointer.Parse(bytes).Run;
    }
}
