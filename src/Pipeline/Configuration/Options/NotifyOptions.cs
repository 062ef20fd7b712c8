using MimeKit;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>
/// Where notices go: incoming-webhook URLs (secrets: never logged, never written to an artifact) and an
/// SMTP server for e-mail (its password a secret likewise). E-mail is on when <see cref="SmtpHost"/> is set.
/// </summary>
public sealed class NotifyOptions : ISettingsValidation
{
    public const string Section = "Notify";

    /// <summary>Recipients of one e-mail at most: a notice goes to a team's lead, not a mailing list.</summary>
    public const int MaxRecipients = 20;

    /// <summary>An address's length at most (RFC 5321's path limit).</summary>
    public const int MaxAddressChars = 254;

    public string? SlackWebhookUrl { get; set; }

    public string? TeamsWebhookUrl { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary><c>starttls</c> (required, the default), <c>tls</c> (TLS from the first byte, port 465) or <c>none</c> (a relay on a private network).</summary>
    public string SmtpTls { get; set; } = "starttls";

    public string? SmtpFrom { get; set; }

    /// <summary>Comma- or semicolon-separated addresses, 1 to <see cref="MaxRecipients"/>.</summary>
    public string? SmtpTo { get; set; }

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public bool EmailConfigured => !string.IsNullOrWhiteSpace(SmtpHost);

    public IReadOnlyList<string> SmtpRecipients() =>
        (SmtpTo ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

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

        foreach (var problem in SmtpProblems())
        {
            yield return problem;
        }
    }

    private IEnumerable<string> SmtpProblems()
    {
        if (!EmailConfigured)
        {
            var stray = new[] { (SettingNames.NotifySmtpFrom, SmtpFrom), (SettingNames.NotifySmtpTo, SmtpTo), (SettingNames.NotifySmtpUser, SmtpUser), (SettingNames.NotifySmtpPassword, SmtpPassword) }
                .Where(s => !string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();
            if (stray.Count > 0)
            {
                yield return $"{SettingNames.NotifySmtpHost} is required when {string.Join(", ", stray)} is set (e-mail is on only with a host)";
            }

            yield break;
        }

        if (SmtpHost!.Length > 253 || Uri.CheckHostName(SmtpHost.Trim()) == UriHostNameType.Unknown)
        {
            yield return $"{SettingNames.NotifySmtpHost} must be a host name or IP address of at most 253 characters";
        }

        if (SmtpPort is < 1 or > 65535)
        {
            yield return $"{SettingNames.NotifySmtpPort} must be a port 1-65535 (587 with starttls, 465 with tls), not {SmtpPort}";
        }

        if (SmtpTls is not ("starttls" or "tls" or "none"))
        {
            yield return $"{SettingNames.NotifySmtpTls} must be starttls, tls or none, not '{Domain.Inputs.InputValidationException.Truncate(SmtpTls, 100)}'";
        }

        if (!IsAddress(SmtpFrom))
        {
            yield return $"{SettingNames.NotifySmtpFrom} must be one e-mail address (at most {MaxAddressChars} characters) when {SettingNames.NotifySmtpHost} is set";
        }

        var recipients = SmtpRecipients();
        if (recipients.Count is 0 or > MaxRecipients)
        {
            yield return $"{SettingNames.NotifySmtpTo} must list 1 to {MaxRecipients} e-mail addresses (comma-separated), not {recipients.Count}";
        }
        else if (recipients.FirstOrDefault(r => !IsAddress(r)) is { } bad)
        {
            yield return $"{SettingNames.NotifySmtpTo}: '{Domain.Inputs.InputValidationException.Truncate(bad, 100)}' is not an e-mail address of at most {MaxAddressChars} characters";
        }

        if (!string.IsNullOrEmpty(SmtpUser) && string.IsNullOrEmpty(SmtpPassword))
        {
            yield return $"{SettingNames.NotifySmtpPassword} is required when {SettingNames.NotifySmtpUser} is set";
        }
    }

    // One mailbox, no display-name tricks: what MimeKit parses as a single address with an @ and a domain.
    private static bool IsAddress(string? value) =>
        value is { Length: > 0 and <= MaxAddressChars }
        && MailboxAddress.TryParse(value, out var mailbox)
        && mailbox.Address.Contains('@', StringComparison.Ordinal)
        && mailbox.Address.Length == value.Trim().Length;
}
