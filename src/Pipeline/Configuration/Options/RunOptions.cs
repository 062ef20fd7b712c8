using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;
using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>The run's defaults; an ad hoc HTTP request may override them.</summary>
public sealed class RunOptions : ISettingsValidation
{
    public const string Section = "Run";

    public string? Budgets { get; set; }

    public string? AlphaMode { get; set; }

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

    public string? Goal { get; set; }

    public double? GoalTarget { get; set; }

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
        AlphaSettings.ModeFor(string.IsNullOrWhiteSpace(AlphaMode) ? null : AlphaModeText.Parse(AlphaMode, RunAlphaMode), AlphaFixed),
        AlphaFixed,
        AlphaGridStep,
        string.IsNullOrWhiteSpace(Constraints) ? null : ConstraintConfiguration.Parse(Constraints),
        ResponseModeText.Parse(ResponseMode, RunResponseMode),
        Kappa,
        ParseKappaOverrides(KappaOverrides),
        Segments,
        HalfLifeDays,
        LookbackDays is { } days ? new ExtractWindow(asOf, days) : null,
        ExtractPartitions,
        IntervalReplicates,
        IntervalSeed,
        GoalText.Parse(Goal ?? "", RunGoal),
        GoalTarget);

    public static IReadOnlyList<double> ParseBudgets(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException($"{setting} is required: comma-separated monthly budgets, e.g. 30000,60000");
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ConfigurationException($"{setting}: {Domain.Inputs.FieldParser.Shown(part)} is not a positive number"))
            .ToArray();
    }

    /// <summary>A JSON object of channel -> κ, as Run__KappaOverrides and <c>markov run --kappa-overrides</c> give it.</summary>
    public static Dictionary<string, double>? ParseKappaOverrides(string? json, string setting = RunKappaOverrides)
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
            throw new ConfigurationException($"{setting} must be a JSON object of channel -> kappa: {ex.Message}");
        }
    }
}
