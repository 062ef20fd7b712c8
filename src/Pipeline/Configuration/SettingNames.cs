namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>
/// Every setting the app reads, in one place: options bind from these keys, and tests compare this
/// list with local.settings.sample.json and the README's table.
/// </summary>
public static class SettingNames
{
    public const string PostgresHost = "POSTGRES_HOST";
    public const string PostgresPort = "POSTGRES_PORT";
    public const string PostgresDatabase = "POSTGRES_DATABASE";
    public const string PostgresUser = "POSTGRES_USER";
    public const string PostgresPassword = "POSTGRES_PASSWD";
    public const string PostgresSslMode = "POSTGRES_SSL_MODE";
    public const string PostgresConnectionString = "POSTGRES_CONNECTION_STRING";
    public const string PostgresWriterUser = "POSTGRES_WRITER_USER";
    public const string PostgresWriterPassword = "POSTGRES_WRITER_PASSWD";

    public const string ArtifactsConnectionString = "Artifacts__ConnectionString";
    public const string ArtifactsAccountUri = "Artifacts__AccountUri";
    public const string ArtifactsManagedIdentityClientId = "Artifacts__ManagedIdentityClientId";
    public const string ArtifactsContainer = "Artifacts__Container";
    public const string ArtifactsLocalCopyPath = "Artifacts__LocalCopyPath";
    public const string ArtifactsKeepRuns = "Artifacts__KeepRuns";
    public const string ArtifactsReportLinkHours = "Artifacts__ReportLinkHours";

    // The Run__ options are RunOptionCatalog's; this one is not a run parameter.
    public const string RunPublishToDatabase = "Run__PublishToDatabase";

    public const string ScheduleTimeZone = "Schedule__TimeZone";
    public const string ScheduleDay = "Schedule__Day";
    public const string ScheduleHour = "Schedule__Hour";

    public const string NotifySlackWebhookUrl = "Notify__SlackWebhookUrl";
    public const string NotifyTeamsWebhookUrl = "Notify__TeamsWebhookUrl";
    public const string NotifySmtpHost = "Notify__SmtpHost";
    public const string NotifySmtpPort = "Notify__SmtpPort";
    public const string NotifySmtpTls = "Notify__SmtpTls";
    public const string NotifySmtpFrom = "Notify__SmtpFrom";
    public const string NotifySmtpTo = "Notify__SmtpTo";
    public const string NotifySmtpUser = "Notify__SmtpUser";
    public const string NotifySmtpPassword = "Notify__SmtpPassword";

    public const string AlertsSmapeThreshold = "Alerts__SmapeThreshold";
    public const string AlertsWeightChangeThreshold = "Alerts__WeightChangeThreshold";
    public const string AlertsMaxRuntimeMinutes = "Alerts__MaxRuntimeMinutes";

    // Flat (no "__"): host.json reads it as %TASK_HUB_NAME%, and the host resolves only flat names there.
    public const string DurableHubName = "TASK_HUB_NAME";
    public const string DurableHistoryRetentionDays = "DurableTask__HistoryRetentionDays";

    public static IReadOnlyList<SettingInfo> All { get; } =
    [
        new(PostgresHost, "(required)", "PostgreSQL host with the dw4 schema (unless POSTGRES_CONNECTION_STRING is set)."),
        new(PostgresPort, "5432", "PostgreSQL port."),
        new(PostgresDatabase, "(required)", "Database that holds dw4 and analytics."),
        new(PostgresUser, "(required)", "Read-only role for dw4 (markov_reader)."),
        new(PostgresPassword, "(empty)", "Password of the read-only role. Secret: a Key Vault reference in Azure.", Secret: true),
        new(PostgresSslMode, "VerifyFull", "TLS for PostgreSQL: VerifyFull checks the server's certificate and host name (Require encrypts but trusts any server); set Disable for a local server without TLS, as local.settings.sample.json does."),
        new(PostgresConnectionString, "(empty)", "One Npgsql connection string instead of the POSTGRES_* parts. Secret when it holds a password.", Secret: true),
        new(PostgresWriterUser, "(empty)", "Read-write role for analytics.budget_scenarios (markov_writer); only with Run__PublishToDatabase."),
        new(PostgresWriterPassword, "(empty)", "Password of the writer role. Secret.", Secret: true),
        new(ArtifactsConnectionString, "(empty)", "Blob storage connection string (Azurite locally). Leave empty in Azure and set Artifacts__AccountUri."),
        new(ArtifactsAccountUri, "(empty)", "Blob endpoint of the artifacts account, used with the managed identity (DefaultAzureCredential)."),
        new(ArtifactsManagedIdentityClientId, "(empty)", "Client id of the user-assigned managed identity that writes the artifacts."),
        new(ArtifactsContainer, "markov", "Container that holds run folders, history/ and latest.json."),
        new(ArtifactsLocalCopyPath, "(empty)", "Also copy each published run folder and latest.json to this directory (the local host uses ./processed)."),
        new(ArtifactsKeepRuns, "52", "Run folders kept; older ones are deleted, never the one latest.json names."),
        new(ArtifactsReportLinkHours, "168", "How long the report link in a notification stays valid (user-delegation SAS)."),
        .. RunOptionCatalog.All.Select(o => new SettingInfo(o.SettingKey, o.Shown, o.Description)),
        new(RunPublishToDatabase, "false", "Also upsert results into analytics.budget_scenarios with the writer role."),
        new(ScheduleTimeZone, "America/New_York", "Time zone of the weekly run (handled in code: Flex Consumption runs in UTC)."),
        new(ScheduleDay, "Monday", "Day of the weekly run."),
        new(ScheduleHour, "6", "Local hour of the weekly run."),
        new(NotifySlackWebhookUrl, "(empty)", "Slack incoming-webhook URL. Secret.", Secret: true),
        new(NotifyTeamsWebhookUrl, "(empty)", "Teams incoming-webhook URL. Secret.", Secret: true),
        new(NotifySmtpHost, "(empty)", "SMTP server for the e-mail notice (an HTML summary); empty: no e-mail."),
        new(NotifySmtpPort, "587", "Its port, 1-65535 (465 with Notify__SmtpTls tls)."),
        new(NotifySmtpTls, "starttls", "starttls (required), tls (TLS from the start) or none (a relay on a private network only)."),
        new(NotifySmtpFrom, "(empty)", "Sender address; required with Notify__SmtpHost."),
        new(NotifySmtpTo, "(empty)", "Recipients, comma-separated, 1 to 20 addresses of at most 254 characters; required with Notify__SmtpHost."),
        new(NotifySmtpUser, "(empty)", "User to sign in as; empty: no sign-in."),
        new(NotifySmtpPassword, "(empty)", "Its password (a Key Vault reference in Azure). Secret.", Secret: true),
        new(AlertsSmapeThreshold, "0.35", "Alert when the calibration SMAPE at alpha* is above this."),
        new(AlertsWeightChangeThreshold, "0.5", "Alert when a channel's weight moved more than this (relative) since the previous good run."),
        new(AlertsMaxRuntimeMinutes, "60", "Alert when a run takes longer than this."),
        new(DurableHubName, "(required)", "Durable task hub name: 3–45 letters or digits, one per app and storage account (host.json reads it as %TASK_HUB_NAME%)."),
        new(DurableHistoryRetentionDays, "30", "Completed orchestration history older than this is purged."),
    ];
}
