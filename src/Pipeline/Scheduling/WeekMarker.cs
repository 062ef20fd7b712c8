using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarkovFunctions.Pipeline.Scheduling;

/// <summary>
/// <c>weeks/2026-W48.json</c> in the artifact store: the week's run was started. The durable history
/// that says so can be purged mid-week; this file is not, so a later tick in the week starts nothing.
/// </summary>
public sealed record WeekMarker(
    [property: JsonPropertyName("week")] string Week,
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("started_utc")] DateTimeOffset StartedUtc)
{
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>The marker in <paramref name="json"/>, or null when it is not one (a hand-edited or truncated file still counts as a mark).</summary>
    public static WeekMarker? Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<WeekMarker>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
