using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>
/// The run's defaults as configured (<c>Run__*</c>): each option's text by its setting name, read and
/// checked through <see cref="RunOptionCatalog"/>; an ad hoc HTTP request may override them.
/// </summary>
public sealed class RunOptions : ISettingsValidation
{
    public const string Section = "Run";

    public const string PublishToDatabaseSetting = "PublishToDatabase";

    private readonly Dictionary<string, string?> _texts = new(StringComparer.OrdinalIgnoreCase);

    private string? _publishToDatabase;

    /// <summary>The configured text of the run option <paramref name="setting"/> (<c>HalfLifeDays</c>), null when not set.</summary>
    public string? this[string setting]
    {
        get => _texts.GetValueOrDefault(Known(setting).Setting);
        set => _texts[Known(setting).Setting] = value;
    }

    /// <summary>Also upsert results into analytics.budget_scenarios (not a run parameter: the composition root reads it).</summary>
    public bool PublishToDatabase
    {
        get => !string.IsNullOrWhiteSpace(_publishToDatabase) && bool.TryParse(_publishToDatabase, out var on) && on;
        set => _publishToDatabase = value ? "true" : "false";
    }

    /// <summary>The <c>Run</c> section of <paramref name="configuration"/>: every catalogued option and <c>PublishToDatabase</c>.</summary>
    public static RunOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RunOptions();
        Read(configuration, options);
        return options;
    }

    public static void Read(IConfiguration configuration, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(Section);
        foreach (var option in RunOptionCatalog.All)
        {
            options[option.Setting] = section[option.Setting];
        }

        options._publishToDatabase = section[PublishToDatabaseSetting];
    }

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(_publishToDatabase) && !bool.TryParse(_publishToDatabase, out _))
        {
            problems.Add($"{Section}__{PublishToDatabaseSetting} must be true or false, found {FieldParser.Shown(_publishToDatabase)}");
        }

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
    public RunParameters ToParameters(DateTimeOffset asOf) =>
        RunOptionCatalog.FromText(option => this[option.Setting], option => option.SettingKey, asOf);

    private static RunOption Known(string setting) =>
        RunOptionCatalog.BySetting(setting) ?? throw new ArgumentException($"{Section}__{setting} is no run option (see RunOptionCatalog)", nameof(setting));
}
