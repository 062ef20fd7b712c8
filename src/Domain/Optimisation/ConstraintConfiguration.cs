using System.Text.Json;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// The strategic constraints of MODEL.md section 5: the defaults, the full form
/// <c>{"constraints": [...]}</c> or the short form <c>{"PAID": [...], "SOCIAL_DISPLAY": [...]}</c>.
/// </summary>
public sealed record ConstraintConfiguration(IReadOnlyList<ShareRule> Rules)
{
    public const string PaidName = "Paid";
    public const string SocialDisplayName = "Social+Display";
    public const double PaidMinShare = 0.30;
    public const double SocialDisplayMaxShare = 0.40;

    /// <summary>The longest share-rule name, in characters: names go into every notification and the report.</summary>
    public const int MaxNameLength = 100;

    public static ConstraintConfiguration Default { get; } = new([DefaultPaid, DefaultSocialDisplay]);

    /// <summary>The JSON the rules were parsed from, as written (the run manifest records it); null for rules not read from JSON.</summary>
    public string? Source { get; init; }

    private static ShareRule DefaultPaid => new(PaidName, null, PaidMinShare, null);

    private static ShareRule DefaultSocialDisplay => new(SocialDisplayName, null, null, SocialDisplayMaxShare);

    /// <summary>Reads either form; anything else is a configuration error naming what is wrong.</summary>
    public static ConstraintConfiguration Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"constraint configuration is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException("constraint configuration must be a JSON object");
            }

            var rules = root.TryGetProperty("constraints", out var list) ? ParseFullForm(list) : ParseShortForm(root);
            return new ConstraintConfiguration(rules) { Source = json };
        }
    }

    /// <summary>Matches the rules to the performance channels; default rules that match nothing are dropped with a warning.</summary>
    public IReadOnlyList<ShareConstraint> Resolve(IReadOnlyCollection<string> performanceChannels, ICollection<string> warnings)
    {
        var known = new HashSet<string>(performanceChannels, StringComparer.Ordinal);
        var result = new List<ShareConstraint>();
        foreach (var rule in Rules)
        {
            if (rule.Channels is null)
            {
                var defaults = DefaultMembers(rule.Name, performanceChannels);
                if (defaults.Length == 0)
                {
                    warnings.Add($"default constraint {rule.Name} dropped: no channel in channel_performance matches its rule ({DefaultRuleText(rule.Name)})");
                    continue;
                }

                AddRule(rule, defaults);
                continue;
            }

            var members = rule.Channels.Select(ChannelName.Normalize).Distinct().ToArray();
            var matched = members.Where(known.Contains).Order(StringComparer.Ordinal).ToArray();
            if (matched.Length == 0)
            {
                throw new ConfigurationException(
                    $"constraint {FieldParser.Shown(rule.Name)} matches no channel of channel_performance (it lists {FieldParser.Shown(string.Join(", ", members))})");
            }

            foreach (var missing in members.Where(m => !known.Contains(m)))
            {
                warnings.Add($"constraint {FieldParser.Shown(rule.Name)} lists {FieldParser.Shown(missing)}, which is not in channel_performance");
            }

            AddRule(rule, matched);
        }

        return result;

        void AddRule(ShareRule rule, string[] channels)
        {
            if (rule.MinShare is { } min)
            {
                result.Add(new ShareConstraint(rule.Name, channels, ShareBound.AtLeast, min));
            }

            if (rule.MaxShare is { } max)
            {
                result.Add(new ShareConstraint(rule.Name, channels, ShareBound.AtMost, max));
            }
        }
    }

    private static string[] DefaultMembers(string name, IEnumerable<string> channels) => name switch
    {
        PaidName => channels.Where(c => c.StartsWith("Paid", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray(),
        SocialDisplayName => channels.Where(c => c.Contains("Social", StringComparison.Ordinal) || c.Contains("Display", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no default membership rule"),
    };

    private static string DefaultRuleText(string name) => name == PaidName
        ? "channels whose name starts with \"Paid\""
        : "channels whose name contains \"Social\" or \"Display\"";

    private static List<ShareRule> ParseFullForm(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException("constraints: must be a list of {name, channels, min_share | max_share}");
        }

        var rules = new List<ShareRule>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"constraints[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"{where}: must be an object with name, channels and min_share or max_share");
            }

            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(Text(n, $"{where}.name"))
                ? Text(n, $"{where}.name").Trim()
                : throw new ConfigurationException($"{where}.name: a non-empty name is required");
            CheckName(name, where);
            where = $"constraint {FieldParser.Shown(name)}";
            var channels = ReadChannels(item.TryGetProperty("channels", out var c) ? c : default, $"{where}.channels");
            var minShare = ReadShare(item, ShareBoundText.MinShare, where);
            var maxShare = ReadShare(item, ShareBoundText.MaxShare, where);
            if (minShare is null && maxShare is null)
            {
                throw new ConfigurationException($"{where}: needs min_share or max_share");
            }

            if (minShare > maxShare)
            {
                throw new ConfigurationException($"{where}: min_share {minShare} is above max_share {maxShare}");
            }

            rules.Add(new ShareRule(name, channels, minShare, maxShare));
        }

        var duplicate = rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ConfigurationException($"constraint name {FieldParser.Shown(duplicate.Key)} is used twice");
        }

        return rules;
    }

    /// <summary>A JSON string's text; an escaped lone surrogate (<c>"\ud800"</c>) is no text, and a configuration error rather than a crash.</summary>
    private static string Text(JsonElement element, string where)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ConfigurationException($"{where}: {FieldParser.ShownJson(element.GetRawText())} is not valid text (half of a UTF-16 surrogate pair)");
        }
    }

    /// <summary>A name people read: printable (no control, format or separator characters, no half of a surrogate pair) and short.</summary>
    private static void CheckName(string name, string where)
    {
        if (name.Length > MaxNameLength)
        {
            throw new ConfigurationException($"{where}.name: {FieldParser.Shown(name)} is longer than {MaxNameLength} characters");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsSurrogatePair(name, i))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                throw new ConfigurationException($"{where}.name: {FieldParser.Shown(name)} has a character that does not print (U+{(int)c:X4} at position {i + 1}); use letters, digits, spaces and punctuation");
            }
        }
    }

    private static List<ShareRule> ParseShortForm(JsonElement root)
    {
        var rules = new List<ShareRule>();
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "PAID":
                    rules.Add(new ShareRule(PaidName, ReadChannels(property.Value, "PAID"), PaidMinShare, null));
                    break;
                case "SOCIAL_DISPLAY":
                    rules.Add(new ShareRule(SocialDisplayName, ReadChannels(property.Value, "SOCIAL_DISPLAY"), null, SocialDisplayMaxShare));
                    break;
                default:
                    throw new ConfigurationException(
                        $"unknown key {FieldParser.Shown(property.Name)} in the constraint configuration: use {{\"constraints\": [...]}} or the short form {{\"PAID\": [...], \"SOCIAL_DISPLAY\": [...]}}");
            }
        }

        if (rules.Count == 0)
        {
            throw new ConfigurationException("constraint configuration is empty: give \"constraints\", or \"PAID\" and/or \"SOCIAL_DISPLAY\"");
        }

        // A key left out keeps the default membership rule of its constraint.
        if (rules.All(r => r.Name != PaidName))
        {
            rules.Add(DefaultPaid);
        }

        if (rules.All(r => r.Name != SocialDisplayName))
        {
            rules.Add(DefaultSocialDisplay);
        }

        return rules;
    }

    private static string[] ReadChannels(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationException($"{where}: must be a list of channel names");
        }

        var channels = element.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? Text(e, where) : null)
            .ToArray();
        if (channels.Length == 0 || channels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConfigurationException($"{where}: must list at least one channel, each a non-empty name");
        }

        return channels!;
    }

    private static double? ReadShare(JsonElement item, string property, string where)
    {
        if (!item.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var share) || share is < 0 or > 1)
        {
            throw new ConfigurationException($"{where}.{property}: must be a number between 0 and 1, found {FieldParser.ShownJson(value.GetRawText())}");
        }

        return share;
    }
}
