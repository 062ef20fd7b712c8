using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;
using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

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

    /// <summary>The certificate and host name are checked unless a setting says otherwise: Require would encrypt but trust any server.</summary>
    public const string DefaultSslMode = "VerifyFull";

    public string SslMode { get; set; } = DefaultSslMode;

    public string? ConnectionString { get; set; }

    public string? WriterUser { get; set; }

    public string? WriterPassword { get; set; }

    public static PostgresOptions From(IConfiguration configuration)
    {
        var options = new PostgresOptions();
        Read(configuration, options);
        return options;
    }

    /// <summary>Sets <paramref name="options"/> from the flat <c>POSTGRES_*</c> settings (they are no section).</summary>
    public static void Read(IConfiguration configuration, PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        options.Host = configuration[PostgresHost];
        options.Port = ParseInt(configuration[PostgresPort], 5432);
        options.PortText = configuration[PostgresPort];
        options.Database = configuration[PostgresDatabase];
        options.User = configuration[PostgresUser];
        options.Password = configuration[PostgresPassword];
        options.SslMode = string.IsNullOrWhiteSpace(configuration[PostgresSslMode]) ? DefaultSslMode : configuration[PostgresSslMode]!;
        options.ConnectionString = configuration[PostgresConnectionString];
        options.WriterUser = configuration[PostgresWriterUser];
        options.WriterPassword = configuration[PostgresWriterPassword];
    }

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
