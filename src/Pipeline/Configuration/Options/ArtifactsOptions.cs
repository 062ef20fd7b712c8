using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

public sealed class ArtifactsOptions : ISettingsValidation
{
    public const string Section = "Artifacts";

    public string? ConnectionString { get; set; }

    public string? AccountUri { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    public string Container { get; set; } = "markov";

    public string? LocalCopyPath { get; set; }

    public int KeepRuns { get; set; } = 52;

    public int ReportLinkHours { get; set; } = 168;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountUri) && string.IsNullOrWhiteSpace(LocalCopyPath))
        {
            yield return $"{ArtifactsConnectionString} or {ArtifactsAccountUri} is required (or, for a local run only, {ArtifactsLocalCopyPath})";
        }

        if (!string.IsNullOrWhiteSpace(AccountUri) && !Uri.TryCreate(AccountUri, UriKind.Absolute, out _))
        {
            yield return $"{ArtifactsAccountUri} must be an absolute URI, e.g. https://<account>.blob.core.windows.net";
        }

        if (string.IsNullOrWhiteSpace(Container))
        {
            yield return $"{ArtifactsContainer} must not be empty";
        }

        if (KeepRuns < 1)
        {
            yield return $"{ArtifactsKeepRuns} must be 1 or more, found {KeepRuns}";
        }

        if (ReportLinkHours is < 1 or > 24 * 7)
        {
            yield return $"{ArtifactsReportLinkHours} must be between 1 and 168 (a user-delegation SAS lasts at most 7 days), found {ReportLinkHours}";
        }
    }
}
