using System.Text.Json;
using System.Text.Json.Serialization;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The bootstrap's answer. The whole result is in the run's work area (<see cref="Work"/>) and <see cref="Summary"/> is
/// it without the replicate models (replicates × channels weights, megabytes at a thousand channels), which only the
/// publish needs (the recommendation model evaluates plans on them).
/// </summary>
[JsonConverter(typeof(IntervalsResponseJsonConverter))]
public sealed record IntervalsResponse(IntervalResult Summary)
{
    /// <summary>The name of the whole result in the run's work area; null when <see cref="Summary"/> is whole (a history written before the work area held it).</summary>
    public string? Work { get; init; }

    /// <summary>What the publish request carries of the result itself: nothing when it is in the work area (the request carries <see cref="Work"/>).</summary>
    public IntervalResult? Inline() => Work is null ? Summary : null;

    /// <summary>The answer for a result written whole to <paramref name="work"/>: the summary travels, the replicate models stay there.</summary>
    public static IntervalsResponse InWorkArea(IntervalResult whole, string work) => new(whole with { Models = [] }) { Work = work };
}

/// <summary>
/// Reads both shapes the intervals activity's output has had in a durable history: <c>{"Summary": ..., "Work": ...}</c>,
/// and, from a history written before the work area held the result, the <see cref="IntervalResult"/> itself (carried
/// whole, no name). Property names are matched ignoring case, as a host with camel-casing options writes them.
/// </summary>
public sealed class IntervalsResponseJsonConverter : JsonConverter<IntervalsResponse>
{
    public override IntervalsResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (Property(root, nameof(IntervalsResponse.Summary)) is not { } summary)
        {
            return new IntervalsResponse(Whole(root, options));
        }

        var work = Property(root, nameof(IntervalsResponse.Work)) is { ValueKind: JsonValueKind.String } name ? name.GetString() : null;
        return new IntervalsResponse(Whole(summary, options)) { Work = work };
    }

    public override void Write(Utf8JsonWriter writer, IntervalsResponse value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName(nameof(IntervalsResponse.Summary)) ?? nameof(IntervalsResponse.Summary));
        JsonSerializer.Serialize(writer, value.Summary, options);
        if (value.Work is { } work)
        {
            writer.WriteString(options.PropertyNamingPolicy?.ConvertName(nameof(IntervalsResponse.Work)) ?? nameof(IntervalsResponse.Work), work);
        }

        writer.WriteEndObject();
    }

    private static IntervalResult Whole(JsonElement element, JsonSerializerOptions options) =>
        element.Deserialize<IntervalResult>(options) ?? throw new JsonException("the intervals activity's output holds no interval result");

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"the intervals activity's output is a JSON {element.ValueKind}, not an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
