using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;
using Npgsql;
using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>A settings class that can say which of its settings are missing or wrong, by key.</summary>
public interface ISettingsValidation
{
    IEnumerable<string> Problems();
}

/// <summary>PostgreSQL, read from the design's flat POSTGRES_* settings.</summary>
public sealed class PostgresOptions : ISettingsValidation
{
    public string? Host { get; set; }

    public int Port { get; set; } = 5432;

    /// <summary>POSTGRES_PORT as given, so a value that is no number is reported as written.</summary>
    public string? PortText { get; set; }

    public string? Database { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    public string SslMode { get; set; } = "Require";

    public string? ConnectionString { get; set; }

    public string? WriterUser { get; set; }

    public string? WriterPassword { get; set; }

    public static PostgresOptions From(IConfiguration configuration) => new()
    {
        Host = configuration[PostgresHost],
        Port = ParseInt(configuration[PostgresPort], 5432),
        PortText = configuration[PostgresPort],
        Database = configuration[PostgresDatabase],
        User = configuration[PostgresUser],
        Password = configuration[PostgresPassword],
        SslMode = string.IsNullOrWhiteSpace(configuration[PostgresSslMode]) ? "Require" : configuration[PostgresSslMode]!,
        ConnectionString = configuration[PostgresConnectionString],
        WriterUser = configuration[PostgresWriterUser],
        WriterPassword = configuration[PostgresWriterPassword],
    };

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            // Parsed here, not at the first extract; the value is a secret, so only the parser's words are quoted.
            string? problem = null;
            try
            {
                // Npgsql's parser checks every value, Port=abc and Port=0 included.
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                problem = $"{PostgresConnectionString} is not a valid Npgsql connection string: {Domain.Inputs.InputValidationException.Truncate(ex.Message, 200)}";
            }

            if (problem is not null)
            {
                yield return problem;
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{PostgresHost} is required (or {PostgresConnectionString})";
        }

        if (string.IsNullOrWhiteSpace(Database))
        {
            yield return $"{PostgresDatabase} is required (or {PostgresConnectionString})";
        }

        if (string.IsNullOrWhiteSpace(User))
        {
            yield return $"{PostgresUser} is required (or {PostgresConnectionString})";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{PostgresPort} must be a number from 1 to 65535, found '{Domain.Inputs.InputValidationException.Truncate(PortText ?? Port.ToString(CultureInfo.InvariantCulture), 100)}'";
        }

        if (!Enum.TryParse<Npgsql.SslMode>(SslMode, ignoreCase: true, out _))
        {
            yield return $"{PostgresSslMode} must be one of {string.Join(", ", Enum.GetNames<Npgsql.SslMode>())}, found '{SslMode}'";
        }
    }

    /// <summary>The read-only role's connection, with <c>search_path=dw4</c>.</summary>
    public string ReaderConnectionString() => Build(User, Password, searchPath: "dw4");

    /// <summary>The writer role's connection for the optional analytics publish.</summary>
    public string WriterConnectionString() => Build(WriterUser, WriterPassword, searchPath: "analytics");

    private string Build(string? user, string? password, string searchPath)
    {
        var builder = string.IsNullOrWhiteSpace(ConnectionString)
            ? new NpgsqlConnectionStringBuilder
            {
                Host = Host,
                Port = Port,
                Database = Database,
                SslMode = Enum.Parse<Npgsql.SslMode>(SslMode, ignoreCase: true),
            }
            : new NpgsqlConnectionStringBuilder(ConnectionString);
        if (!string.IsNullOrWhiteSpace(user))
        {
            builder.Username = user;
        }

        if (!string.IsNullOrWhiteSpace(password))
        {
            builder.Password = password;
        }

        builder.SearchPath = searchPath;
        builder.ApplicationName = "MarkovFunctions";
        return builder.ConnectionString;
    }

    private static int ParseInt(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : string.IsNullOrWhiteSpace(text) ? fallback : -1;
}

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

/// <summary>The run's defaults; an ad hoc HTTP request may override them.</summary>
public sealed class RunOptions : ISettingsValidation
{
    public const string Section = "Run";

    public string? Budgets { get; set; }

    public string AlphaMode { get; set; } = "search";

    public double? AlphaFixed { get; set; }

    public double AlphaGridStep { get; set; } = 0.05;

    public string? Constraints { get; set; }

    public double HalfLifeDays { get; set; } = 7;

    public int? LookbackDays { get; set; }

    public int ExtractPartitions { get; set; } = 4;

    public string ResponseMode { get; set; } = "linear";

    public double Kappa { get; set; } = 1;

    public string? KappaOverrides { get; set; }

    public int Segments { get; set; } = 16;

    public int IntervalReplicates { get; set; } = Domain.Uncertainty.IntervalSettings.DefaultReplicates;

    public int IntervalSeed { get; set; } = Domain.Uncertainty.IntervalSettings.DefaultSeed;

    public bool PublishToDatabase { get; set; }

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        try
        {
            ToParameters(DateTimeOffset.UnixEpoch).Validate();
        }
        catch (ConfigurationException ex)
        {
            problems.Add(ex.Message);
        }

        return problems;
    }

    /// <summary>The run parameters; <paramref name="asOf"/> anchors the optional lookback window.</summary>
    public RunParameters ToParameters(DateTimeOffset asOf) => new(
        ParseBudgets(Budgets, RunBudgets),
        ParseAlphaMode(AlphaMode, RunAlphaMode),
        AlphaFixed,
        AlphaGridStep,
        string.IsNullOrWhiteSpace(Constraints) ? null : Constraints,
        ParseResponseMode(ResponseMode, RunResponseMode),
        Kappa,
        ParseKappaOverrides(KappaOverrides),
        Segments,
        HalfLifeDays,
        LookbackDays is { } days ? new ExtractWindow(asOf, days) : null,
        ExtractPartitions,
        IntervalReplicates,
        IntervalSeed);

    public static IReadOnlyList<double> ParseBudgets(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException($"{setting} is required: comma-separated monthly budgets, e.g. 30000,60000");
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
                ? value
                : throw new ConfigurationException($"{setting}: {Domain.Inputs.FieldParser.Shown(part)} is not a positive number"))
            .ToArray();
    }

    public static AlphaMode ParseAlphaMode(string text, string setting) => text.Trim().ToLowerInvariant() switch
    {
        "search" or "" => Domain.Calibration.AlphaMode.Search,
        "fixed" => Domain.Calibration.AlphaMode.Fixed,
        _ => throw new ConfigurationException($"{setting} must be 'search' or 'fixed', found {Domain.Inputs.FieldParser.Shown(text)}"),
    };

    public static ResponseMode ParseResponseMode(string text, string setting) => text.Trim().ToLowerInvariant() switch
    {
        "linear" or "" => Domain.Optimisation.ResponseMode.Linear,
        "saturating" => Domain.Optimisation.ResponseMode.Saturating,
        _ => throw new ConfigurationException($"{setting} must be 'linear' or 'saturating', found {Domain.Inputs.FieldParser.Shown(text)}"),
    };

    private static Dictionary<string, double>? ParseKappaOverrides(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(json);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{RunKappaOverrides} must be a JSON object of channel -> kappa: {ex.Message}");
        }
    }
}

public sealed class ScheduleOptions : ISettingsValidation
{
    public const string Section = "Schedule";

    public string TimeZone { get; set; } = "America/New_York";

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    public int Hour { get; set; } = 6;

    public IEnumerable<string> Problems()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{ScheduleTimeZone}: unknown time zone '{TimeZone}' (use an IANA id such as America/New_York)";
        }

        if (Hour is < 0 or > 23)
        {
            yield return $"{ScheduleHour} must be 0–23, found {Hour}";
        }
    }
}

public sealed class AlertOptions : ISettingsValidation
{
    public const string Section = "Alerts";

    public double SmapeThreshold { get; set; } = Domain.Reporting.AlertThresholds.Default.Smape;

    public double WeightChangeThreshold { get; set; } = Domain.Reporting.AlertThresholds.Default.WeightChange;

    public double MaxRuntimeMinutes { get; set; } = Domain.Reporting.AlertThresholds.Default.MaxRuntimeMinutes;

    public Domain.Reporting.AlertThresholds Thresholds => new(SmapeThreshold, WeightChangeThreshold, MaxRuntimeMinutes);

    public IEnumerable<string> Problems()
    {
        if (!(SmapeThreshold > 0))
        {
            yield return $"{AlertsSmapeThreshold} must be positive";
        }

        if (!(WeightChangeThreshold > 0))
        {
            yield return $"{AlertsWeightChangeThreshold} must be positive";
        }

        if (!(MaxRuntimeMinutes > 0))
        {
            yield return $"{AlertsMaxRuntimeMinutes} must be positive";
        }
    }
}

public sealed class DurableOptions : ISettingsValidation
{
    public const string Section = "DurableTask";

    /// <summary>From the flat <c>TASK_HUB_NAME</c> setting (see <see cref="SettingNames.DurableHubName"/>), not from this section.</summary>
    public string HubName { get; set; } = string.Empty;

    public int HistoryRetentionDays { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        // Task hub names become queue and table names: 3–45 letters and digits, starting with a letter.
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            yield return $"{DurableHubName} must be 3–45 letters or digits starting with a letter, found '{HubName}'";
        }

        if (HistoryRetentionDays < 1)
        {
            yield return $"{DurableHistoryRetentionDays} must be 1 or more";
        }
    }
}

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
