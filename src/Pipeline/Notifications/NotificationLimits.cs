namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// What Slack and Teams accept, with room to spare where the service is vague: a message over a limit
/// is refused whole (Slack 400 <c>invalid_blocks</c>, Teams 413), so every message is cut to fit. The
/// e-mail follows the same item and line limits.
/// </summary>
public static class NotificationLimits
{
    /// <summary>Slack's limit on a header block's text, in characters.</summary>
    public const int SlackHeaderChars = 150;

    /// <summary>Slack's limit on a section block's text, in characters.</summary>
    public const int SlackSectionChars = 3_000;

    /// <summary>Slack's limit on the blocks of one message.</summary>
    public const int SlackBlocks = 50;

    /// <summary>Slack's limit on a button's URL, in characters: a longer report link is left out.</summary>
    public const int SlackButtonUrlChars = 3_000;

    /// <summary>The whole Teams payload, in UTF-8 bytes (Teams refuses about 28 KB with 413).</summary>
    public const int TeamsCardBytes = 25 * 1024;

    /// <summary>An e-mail's subject, in characters: what a mail client shows in one line, as Slack's header.</summary>
    public const int EmailSubjectChars = 150;

    /// <summary>Budgets, and alerts, shown at most: beyond that a message stops being read.</summary>
    public const int MaxItemsShown = 20;

    /// <summary>One budget or alert line, in characters before escaping: a line is news, not the report.</summary>
    public const int MaxLineChars = 400;
}
