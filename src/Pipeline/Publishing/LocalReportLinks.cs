using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>The report in the local copy of the run folders, as a file path.</summary>
public sealed class LocalReportLinks(string root) : IReportLinks
{
    public Task<string?> LinkAsync(string runId, CancellationToken ct = default) =>
        Task.FromResult<string?>(Path.GetFullPath(Path.Combine(root, runId, RunArtifacts.Report)));
}
