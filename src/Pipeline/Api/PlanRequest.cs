using System.Text.Json;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>
/// A plan to evaluate: <c>{"spend": {"Email": 5000, ...}}</c>, and in <c>POST /api/evaluate</c> an
/// optional <c>"run"</c> (default: the latest good run). Channel names are normalised by the evaluator.
/// <c>"goal"</c> and <c>"target"</c> choose the goal of the optimum at the plan's total (docs/MODEL.md section 7; default the run's).
/// </summary>
public sealed record PlanRequest(string? Run, IReadOnlyDictionary<string, double> Spend)
{
    /// <summary>The goal of the optimum, checked; null when the plan names none (the run's goal).</summary>
    public GoalSettings? Goal { get; init; }

    /// <exception cref="FormatException">Not a JSON object, an unknown field, no <c>spend</c>, a spend that is not a finite number, or a goal or target out of bounds (named).</exception>
    public static PlanRequest Parse(string json, bool allowRun)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the plan is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the plan must be a JSON object: {\"spend\": {\"Email\": 5000, ...}}");
            }

            string? run = null;
            Dictionary<string, double>? spend = null;
            string? goal = null;
            double? target = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "spend":
                        spend = ParseSpend(property.Value);
                        break;
                    case "run" when allowRun:
                        run = property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString())
                            ? property.Value.GetString()
                            : throw new FormatException($"run must be a run id in a string, found {FieldParser.ShownJson(property.Value.GetRawText())}");

                        break;
                    case "goal":
                        goal = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : throw new FormatException($"goal must be a goal's name in a string, found {FieldParser.ShownJson(property.Value.GetRawText())}");
                        break;
                    case "target":
                        target = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var t)
                            ? t
                            : throw new FormatException($"target must be a number, found {FieldParser.ShownJson(property.Value.GetRawText())}");
                        break;
                    default:
                        throw new FormatException($"unknown field {FieldParser.Shown(property.Name)}; known fields: {(allowRun ? "run, spend, goal, target" : "spend, goal, target")}");
                }
            }

            var plan = new PlanRequest(run, spend ?? throw new FormatException("the plan needs \"spend\": {\"Email\": 5000, ...} (channels left out keep today's spend)"))
            {
                Goal = ParseGoal(goal, target),
            };
            return run is null || RunIds.IsValid(run) ? plan : throw new FormatException($"run {FieldParser.Shown(run)} is not a run id (YYYYMMDD_HHMMSS_xxxxxxxx)");
        }
    }

    /// <summary>The goal and target as one checked setting (GoalSettings.Validate names what is wrong); null when neither is given.</summary>
    private static GoalSettings? ParseGoal(string? goal, double? target)
    {
        if (goal is null && target is null)
        {
            return null;
        }

        try
        {
            var settings = new GoalSettings(goal is null ? Domain.Optimisation.Goal.Conversions : GoalText.Parse(goal, "goal"), target);
            settings.Validate();
            return settings;
        }
        catch (ConfigurationException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static Dictionary<string, double> ParseSpend(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"spend must be an object of channel: amount, found {FieldParser.ShownJson(element.GetRawText())}");
        }

        var spend = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var channel in element.EnumerateObject())
        {
            // 1e400 does not fit a double: it is as non-finite as Infinity and refused the same way.
            if (channel.Value.ValueKind != JsonValueKind.Number || !channel.Value.TryGetDouble(out var amount) || !double.IsFinite(amount))
            {
                throw new FormatException($"spend for {FieldParser.Shown(channel.Name)} must be a finite number, found {FieldParser.ShownJson(channel.Value.GetRawText())}");
            }

            if (!spend.TryAdd(channel.Name, amount))
            {
                throw new FormatException($"spend for {FieldParser.Shown(channel.Name)} is given twice");
            }
        }

        return spend;
    }
}
