using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>The body of <c>POST /api/runs</c>: each field overrides one configured run default.</summary>
public static class RunRequest
{
    private static readonly HashSet<string> KnownFields =
        ["budgets", "alpha_mode", "alpha", "alpha_grid_step", "constraints", "as_of", "lookback_days", "response_mode", "kappa", "segments", "half_life_days", "partitions", "intervals", "interval_seed", "goal", "target", PublishLatestField];

    /// <summary>The request field that makes an ad hoc run the recommendation of record.</summary>
    public const string PublishLatestField = "publish_latest";

    /// <summary><c>"publish_latest"</c>: true or false (default false), anything else refused.</summary>
    public static bool PublishLatest(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(PublishLatestField, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{PublishLatestField} must be true or false, found {FieldParser.ShownJson(value.GetRawText())}"),
        };
    }

    /// <summary>The run parameters of a request body; fields left out keep the configured defaults.</summary>
    public static RunParameters Parse(string? body, RunOptions defaults, DateTimeOffset now)
    {
        var parameters = defaults.ToParameters(now);
        if (string.IsNullOrWhiteSpace(body))
        {
            return parameters;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the request body must be a JSON object");
        }

        foreach (var property in root.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
        {
            throw new FormatException($"unknown field {FieldParser.Shown(property.Name)}; known fields: {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}");
        }

        if (root.TryGetProperty("budgets", out var budgets))
        {
            if (budgets.ValueKind != JsonValueKind.Array || budgets.GetArrayLength() == 0)
            {
                throw new FormatException("budgets must be a non-empty list of numbers");
            }

            parameters = parameters with
            {
                Budgets = budgets.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Number
                    ? b.GetDouble()
                    : throw new FormatException($"budgets: {Raw(b)} is not a positive number")).ToArray(),
            };
        }

        var givenMode = root.TryGetProperty("alpha_mode", out var mode) ? AlphaModeText.Parse(String(mode, "alpha_mode"), "alpha_mode") : (AlphaMode?)null;
        var givenAlpha = root.TryGetProperty("alpha", out var alpha) ? Number(alpha, "alpha") : (double?)null;
        if (givenMode is not null || givenAlpha is not null)
        {
            // The request chooses alpha as a whole; the configured alpha stays only under a requested fixed mode.
            var alphaMode = AlphaSettings.ModeFor(givenMode, givenAlpha);
            parameters = parameters with { AlphaMode = alphaMode, AlphaFixed = givenAlpha ?? (alphaMode == AlphaMode.Fixed ? parameters.AlphaFixed : null) };
        }

        if (root.TryGetProperty("alpha_grid_step", out var step))
        {
            parameters = parameters with { AlphaGridStep = Number(step, "alpha_grid_step") };
        }

        if (root.TryGetProperty("constraints", out var constraints))
        {
            var json = constraints.ValueKind == JsonValueKind.Array ? new JsonObject { ["constraints"] = JsonNode.Parse(constraints.GetRawText()) }.ToJsonString() : constraints.GetRawText();
            parameters = parameters with { Constraints = ConstraintConfiguration.Parse(json) };
        }

        if (root.TryGetProperty("lookback_days", out var lookback))
        {
            var asOf = root.TryGetProperty("as_of", out var asOfElement) ? Timestamp(asOfElement, "as_of") : now;
            parameters = parameters with { Window = new ExtractWindow(asOf, Integer(lookback, "lookback_days", 1, MaxLookbackDays)) };
        }
        else if (root.TryGetProperty("as_of", out _))
        {
            throw new FormatException("as_of needs lookback_days (the window is [as_of - lookback_days, as_of))");
        }

        if (root.TryGetProperty("response_mode", out var response))
        {
            parameters = parameters with { ResponseMode = ResponseModeText.Parse(String(response, "response_mode"), "response_mode") };
        }

        if (root.TryGetProperty("kappa", out var kappa))
        {
            parameters = parameters with { Kappa = Number(kappa, "kappa") };
        }

        if (root.TryGetProperty("intervals", out var intervals))
        {
            parameters = parameters with { IntervalReplicates = Integer(intervals, "intervals", 0, Domain.RunLimits.MaxReplicates) };
        }

        if (root.TryGetProperty("interval_seed", out var seed))
        {
            parameters = parameters with { IntervalSeed = Integer(seed, "interval_seed", int.MinValue, int.MaxValue) };
        }

        if (root.TryGetProperty("segments", out var segments))
        {
            parameters = parameters with { Segments = Integer(segments, "segments", 1, Domain.RunLimits.MaxSegments) };
        }

        if (root.TryGetProperty("half_life_days", out var halfLife))
        {
            parameters = parameters with { HalfLifeDays = Number(halfLife, "half_life_days") };
        }

        if (root.TryGetProperty("partitions", out var partitions))
        {
            parameters = parameters with { ExtractPartitions = Integer(partitions, "partitions", 1, 256) };
        }

        if (root.TryGetProperty("goal", out var goal))
        {
            // A goal chosen here takes its own target (or none), never the configured one.
            parameters = parameters with { Goal = GoalText.Parse(String(goal, "goal"), "goal"), GoalTarget = null };
        }

        if (root.TryGetProperty("target", out var target))
        {
            parameters = parameters with { GoalTarget = Number(target, "target") };
        }

        return parameters;
    }

    /// <summary>The longest lookback accepted, in days (100 years): more would reach before year 1 for some as_of.</summary>
    public const int MaxLookbackDays = 36_500;

    private static double Number(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{field} must be a number, found {Raw(element)}");

    /// <summary>A whole number in [min, max]: a cast would turn 1e12 into a negative int.</summary>
    private static int Integer(JsonElement element, string field, int min, int max)
    {
        var value = Number(element, field);
        return value == Math.Floor(value) && value >= min && value <= max
            ? (int)value
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min:N0} to {max:N0}, found {Raw(element)}"));
    }

    private static DateTimeOffset Timestamp(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new FormatException($"{field} must be an ISO 8601 timestamp in a string, e.g. \"2026-01-31T00:00:00Z\", found {Raw(element)}");

    private static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{field} must be a string, found {Raw(element)}");

    /// <summary>A value of the request as a message quotes it, cut to 100 characters.</summary>
    private static string Raw(JsonElement element) => FieldParser.ShownJson(element.GetRawText());
}
