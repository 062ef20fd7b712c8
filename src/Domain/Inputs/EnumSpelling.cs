using System.Reflection;
using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// The one table between an enum and the words settings, requests and artifacts use for it, read
/// both ways: <see cref="Text"/> for summary.json and the manifest, <see cref="Parse"/> at the edges.
/// </summary>
public sealed class EnumSpelling<T>(T whenEmpty, params (T Value, string Text)[] spellings)
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _text = spellings.ToDictionary(s => s.Value, s => s.Text);
    private readonly Dictionary<string, T> _value = spellings.ToDictionary(s => s.Text, s => s.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The names the enum's JSON converter writes (<see cref="JsonStringEnumMemberNameAttribute"/>, else the
    /// member's name), so its text and its JSON cannot drift apart.
    /// </summary>
    public static EnumSpelling<T> FromJsonNames(T whenEmpty = default) => new(
        whenEmpty,
        Enum.GetValues<T>()
            .Select(v => (v, typeof(T).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString()))
            .ToArray());

    public string Text(T value) => _text[value];

    /// <summary>Case and surrounding blanks do not matter; an empty text means the default.</summary>
    public T Parse(string text, string setting)
    {
        var word = text.Trim();
        if (word.Length == 0)
        {
            return whenEmpty;
        }

        return _value.TryGetValue(word, out var value)
            ? value
            : throw new ConfigurationException(
                $"{setting} must be {string.Join(" or ", spellings.Select(s => $"'{s.Text}'"))}, found {FieldParser.Shown(text)}");
    }
}
