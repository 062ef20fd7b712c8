using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;
using static MarkovFunctions.Pipeline.Configuration.OptionValues;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>
/// Every run option, each defined once (<see cref="RunOption"/>): the settings (<see cref="RunOptions"/>),
/// <c>POST /api/runs</c>, <c>markov run</c>, the settings catalog and README table read this list. A new
/// option is one entry here plus the code that uses its value; limits on the work a run may ask for are
/// <see cref="RunLimits"/>', checked once by <see cref="RunParameters.Validate"/>.
/// </summary>
public static class RunOptionCatalog
{
    /// <summary>The longest lookback accepted in a request, in days (100 years): more would reach before year 1 for some as_of.</summary>
    public const int MaxLookbackDays = 36_500;

    /// <summary>The most extract partitions.</summary>
    public const int MaxExtractPartitions = 256;

    public static readonly RunOption Budgets = new(
        "Budgets", "budgets", "--budgets", null, "(required)", "Comma-separated monthly budgets to optimise, e.g. 30000,60000.",
        (text, name) => ParseBudgets(text, name),
        (json, field) => json.ValueKind == JsonValueKind.Array && json.GetArrayLength() > 0
            ? json.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Number ? b.GetDouble() : throw new FormatException($"{field}: {Raw(b)} is not a positive number")).ToArray()
            : throw new FormatException($"{field} must be a non-empty list of numbers"),
        (p, v, _) => p with { Budgets = (IReadOnlyList<double>)v! })
    {
        Required = true,
    };

    public static readonly RunOption AlphaMode = new(
        "AlphaMode", "alpha_mode", "--alpha-mode", null, "search",
        "search: pick alpha by SMAPE over the grid; fixed: use Run__AlphaFixed (fixed when only Run__AlphaFixed is set; search with an alpha is refused).",
        (text, name) => AlphaModeText.Parse(text!, name),
        (json, field) => AlphaModeText.Parse(String(json, field), field),
        (p, v, _) => p with { AlphaMode = (Domain.Calibration.AlphaMode)v! });

    public static readonly RunOption Alpha = new(
        "AlphaFixed", "alpha", "--alpha", null, "(empty)", "Alpha in [0, 1] when Run__AlphaMode is fixed.",
        (text, name) => Number(text, name),
        (json, field) => Number(json, field),
        (p, v, _) => p with { AlphaFixed = (double)v! });

    public static readonly RunOption Goal = new(
        "Goal", "goal", "--goal", "conversions", "conversions",
        "What each budget's LP pursues (docs/MODEL.md section 5.1): conversions, value, profit, target_cpa, target_roas or target_conversions.",
        (text, name) => GoalText.Parse(text!, name), (json, field) => GoalText.Parse(String(json, field), field), (p, v, _) => p with { Goal = (Goal)v! });

    public static readonly RunOption GoalTarget = new(
        "GoalTarget", "target", "--target", null, "(empty)",
        "The target of target_cpa (T), target_roas (R) or target_conversions (N): a positive number of at most 1E+15.",
        (text, name) => Number(text, name), (json, field) => Number(json, field), (p, v, _) => p with { GoalTarget = (double)v! });

    public static IReadOnlyList<RunOption> All { get; } =
    [
        Budgets,
        AlphaMode,
        Alpha,
        new("AlphaGridStep", "alpha_grid_step", null, "0.05", "0.05", "Step of the alpha grid; must divide 1.",
            (text, name) => Number(text, name), (json, field) => Number(json, field), (p, v, _) => p with { AlphaGridStep = (double)v! }),
        new("Constraints", "constraints", "--groups", null, "(defaults)",
            "Share constraints as JSON: {\"constraints\": [...]} or {\"PAID\": [...], \"SOCIAL_DISPLAY\": [...]}. Default: Paid >= 30 %, Social+Display <= 40 %.",
            (text, _) => ConstraintConfiguration.Parse(text!),
            (json, _) => ConstraintConfiguration.Parse(json.ValueKind == JsonValueKind.Array ? new JsonObject { ["constraints"] = JsonNode.Parse(json.GetRawText()) }.ToJsonString() : json.GetRawText()),
            (p, v, _) => p with { Constraints = (ConstraintConfiguration)v! })
        {
            FlagIsFile = true,
        },
        new("HalfLifeDays", "half_life_days", "--half-life", "7", "7", "Half-life of the time-decay heuristic, in days.",
            (text, name) => Number(text, name), (json, field) => Number(json, field), (p, v, _) => p with { HalfLifeDays = (double)v! }),
        new("LookbackDays", "lookback_days", null, null, "(all rows)", "Only journeys rows from the last N days before the run (the window [as_of - N days, as_of)).",
            (text, name) => Integer(text, name), (json, field) => Integer(json, field, 1, MaxLookbackDays), (p, v, asOf) => p with { Window = new ExtractWindow(asOf, (int)v!) }),
        new("ExtractPartitions", "partitions", null, "4", "4", "Customer-hash partitions the extract fans out over.",
            (text, name) => Integer(text, name), (json, field) => Integer(json, field, 1, MaxExtractPartitions), (p, v, _) => p with { ExtractPartitions = (int)v! }),
        new("ResponseMode", "response_mode", "--response", "linear", "linear", "linear (MODEL.md), saturating response curves (docs/RESPONSE_CURVES.md), or fitted (curves learned from channel_spend_history, MODEL.md section 11).",
            (text, name) => ResponseModeText.Parse(text!, name), (json, field) => ResponseModeText.Parse(String(json, field), field), (p, v, _) => p with { ResponseMode = (ResponseMode)v! }),
        new("Kappa", "kappa", "--kappa", "1", "1", "Saturating mode: half-saturation scale as a multiple of current spend.",
            (text, name) => Number(text, name), (json, field) => Number(json, field), (p, v, _) => p with { Kappa = (double)v! }),
        new("KappaOverrides", null, "--kappa-overrides", null, "(empty)", "Saturating mode: per-channel kappa as JSON, e.g. {\"Email\": 2}.",
            (text, name) => ParseKappaOverrides(text!, name), (_, field) => throw new FormatException($"{field} cannot be set by a request"),
            (p, v, _) => p with { KappaOverrides = (IReadOnlyDictionary<string, double>)v! }),
        new("Segments", "segments", "--segments", "16", "16", "Saturating mode: linear segments per curve.",
            (text, name) => Integer(text, name), (json, field) => Integer(json, field, 1, RunLimits.MaxSegments), (p, v, _) => p with { Segments = (int)v! }),
        new("IntervalReplicates", "intervals", "--intervals", "200", "200", "Bootstrap replicates for the 95 % intervals (docs/MODEL.md section 9); 0 turns them off.",
            (text, name) => Integer(text, name), (json, field) => Integer(json, field, 0, RunLimits.MaxReplicates), (p, v, _) => p with { IntervalReplicates = (int)v! }),
        new("IntervalSeed", "interval_seed", "--interval-seed", "15", "15", "Seed of the bootstrap: the same data and seed give the same intervals.",
            (text, name) => Integer(text, name), (json, field) => Integer(json, field, int.MinValue, int.MaxValue), (p, v, _) => p with { IntervalSeed = (int)v! }),
        new("MarkovOrder", "order", "--order", "1", "1", "Order of the Markov chain, 1-4, or auto to choose it on held-out customers (docs/MODEL.md sections 12 and 13).",
            (text, name) => MarkovOrder.Parse(text!, name),
            (json, field) => json.ValueKind == JsonValueKind.Number ? MarkovOrder.Of(Integer(json, field, 1, MarkovOrder.Highest)) : MarkovOrder.Parse(String(json, field), field),
            (p, v, _) => p with { Order = (MarkovOrder)v! }),
        Goal,
        GoalTarget,
    ];

    /// <summary>The option set as <paramref name="setting"/> (<c>HalfLifeDays</c>), or null.</summary>
    public static RunOption? BySetting(string setting) => All.FirstOrDefault(o => string.Equals(o.Setting, setting, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A run's parameters from text (the settings, or <c>markov run</c>'s flags): each option's text, else
    /// its default; blank text counts as not given. <paramref name="nameOf"/> names an option where its text came from.
    /// </summary>
    public static RunParameters FromText(Func<RunOption, string?> textOf, Func<RunOption, string> nameOf, DateTimeOffset asOf)
    {
        var given = new Dictionary<RunOption, object?>();
        foreach (var option in All)
        {
            var text = textOf(option) is { } set && !string.IsNullOrWhiteSpace(set) ? set : option.Default;
            if (text is not null || option.Required)
            {
                given[option] = option.FromText(text, nameOf(option));
            }
        }

        return Apply(new RunParameters([]), given, asOf);
    }

    /// <summary>
    /// <paramref name="baseline"/> with the options <paramref name="given"/> set, in catalog order; a given
    /// goal without a given target has none. Alpha is
    /// chosen as a whole (<see cref="AlphaSettings.ModeFor"/>): a given mode or alpha replaces the
    /// baseline's choice, whose alpha stays only under a given fixed mode.
    /// </summary>
    public static RunParameters Apply(RunParameters baseline, IReadOnlyDictionary<RunOption, object?> given, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(given);
        var parameters = baseline;
        foreach (var option in All.Where(o => o != AlphaMode && o != Alpha && given.ContainsKey(o)))
        {
            parameters = option.Apply(parameters, given[option], asOf);
        }

        // A goal given here takes its own target (or none), never the baseline's.
        if (given.ContainsKey(Goal) && !given.ContainsKey(GoalTarget))
        {
            parameters = parameters with { GoalTarget = null };
        }

        var mode = given.GetValueOrDefault(AlphaMode) as Domain.Calibration.AlphaMode?;
        var alpha = given.GetValueOrDefault(Alpha) as double?;
        if (mode is null && alpha is null)
        {
            return parameters;
        }

        var chosen = AlphaSettings.ModeFor(mode, alpha);
        return parameters with { AlphaMode = chosen, AlphaFixed = alpha ?? (chosen == Domain.Calibration.AlphaMode.Fixed ? baseline.AlphaFixed : null) };
    }

    public static IReadOnlyList<double> ParseBudgets(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException($"{name} is required: comma-separated monthly budgets, e.g. 30000,60000");
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ConfigurationException($"{name}: {FieldParser.Shown(part)} is not a positive number"))
            .ToArray();
    }

    private static Dictionary<string, double> ParseKappaOverrides(string json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? throw new ConfigurationException($"{name} must be a JSON object of channel -> kappa, found null");
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{name} must be a JSON object of channel -> kappa: {ex.Message}");
        }
    }
}
