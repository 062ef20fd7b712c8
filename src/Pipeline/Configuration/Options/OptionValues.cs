using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>The readers of run option values: text (settings, flags) and JSON (request fields), each refusal naming where the value came from.</summary>
public static class OptionValues
{
    public static double Number(string? text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ConfigurationException($"{name} must be a number, found {FieldParser.Shown(text ?? string.Empty)}");

    public static int Integer(string? text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigurationException($"{name} must be a whole number, found {FieldParser.Shown(text ?? string.Empty)}");

    public static double Number(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{field} must be a number, found {Raw(element)}");

    /// <summary>A whole number in [min, max]: a cast would turn 1e12 into a negative int.</summary>
    public static int Integer(JsonElement element, string field, int min, int max)
    {
        var value = Number(element, field);
        return value == Math.Floor(value) && value >= min && value <= max
            ? (int)value
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min:N0} to {max:N0}, found {Raw(element)}"));
    }

    public static string String(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{field} must be a string, found {Raw(element)}");

    public static DateTimeOffset Timestamp(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new FormatException($"{field} must be an ISO 8601 timestamp in a string, e.g. \"2026-01-31T00:00:00Z\", found {Raw(element)}");

    /// <summary>A value of the request as a message quotes it, cut to 100 characters.</summary>
    public static string Raw(JsonElement element) => FieldParser.ShownJson(element.GetRawText());
}
