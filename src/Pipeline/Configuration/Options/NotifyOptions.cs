namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>Incoming-webhook URLs. They are secrets: never logged, never written to an artifact.</summary>
public sealed class NotifyOptions : ISettingsValidation
{
    public const string Section = "Notify";

    public string? SlackWebhookUrl { get; set; }

    public string? TeamsWebhookUrl { get; set; }

    public IEnumerable<string> Problems()
    {
        // Checked at start-up: a typo would otherwise surface only at notify, after the run is published.
        foreach (var (name, value) in new[] { (SettingNames.NotifySlackWebhookUrl, SlackWebhookUrl), (SettingNames.NotifyTeamsWebhookUrl, TeamsWebhookUrl) })
        {
            if (!string.IsNullOrWhiteSpace(value)
                && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0))
            {
                // The URL is a secret: say what is wrong without quoting it.
                yield return $"{name} must be an absolute http(s) URL such as https://hooks.slack.com/services/...";
            }
        }
    }
}
