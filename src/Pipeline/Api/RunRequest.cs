using System.Text.Json;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>The body of <c>POST /api/runs</c>: each field (<see cref="RunOptionCatalog"/>) overrides one configured run default.</summary>
public static class RunRequest
{
    /// <summary>The request-only field that anchors <c>lookback_days</c>' window (default: now).</summary>
    public const string AsOfField = "as_of";

    private static readonly Dictionary<string, RunOption> Options =
        RunOptionCatalog.All.Where(o => o.Field is not null).ToDictionary(o => o.Field!, StringComparer.Ordinal);

    private static readonly string[] KnownFields = [.. Options.Keys, AsOfField, PublishLatestField];

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
        ArgumentNullException.ThrowIfNull(defaults);
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

        var given = new Dictionary<RunOption, object?>();
        foreach (var option in RunOptionCatalog.All.Where(o => o.Field is not null))
        {
            if (root.TryGetProperty(option.Field!, out var value))
            {
                given[option] = option.FromJson(value, option.Field!);
            }
        }

        var hasAsOf = root.TryGetProperty(AsOfField, out var asOf);
        if (hasAsOf && !root.TryGetProperty(Options["lookback_days"].Field!, out _))
        {
            throw new FormatException("as_of needs lookback_days (the window is [as_of - lookback_days, as_of))");
        }

        return RunOptionCatalog.Apply(parameters, given, hasAsOf ? OptionValues.Timestamp(asOf, AsOfField) : now);
    }
}
