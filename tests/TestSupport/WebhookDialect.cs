namespace MarkovFunctions.TestSupport;

/// <summary>Which service a <see cref="RecordingWebhook"/> answers as.</summary>
public enum WebhookDialect
{
    /// <summary>Accepts any body.</summary>
    Any,

    /// <summary>
    /// Slack: 400 <c>invalid_blocks</c> for a header over 150 characters, a section over 3,000, more than 50 blocks;
    /// 400 <c>live_markup</c> (this listener's own check) for text that Slack would turn into a mention or a link.
    /// </summary>
    Slack,

    /// <summary>
    /// Teams: 413 for a payload over 28 KB; 400 <c>live_markup</c> (this listener's own check) for card text that
    /// Teams markdown would turn into a link or HTML.
    /// </summary>
    Teams,
}
