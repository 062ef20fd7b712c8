using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Which side of a share rule binds, written in JSON as the constraints JSON names it (older files
/// that hold 0 or 1 still read).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShareBound>))]
public enum ShareBound
{
    /// <summary><c>Σ group ≥ share · B</c>.</summary>
    [JsonStringEnumMemberName(ShareBoundText.MinShare)] AtLeast,

    /// <summary><c>Σ group ≤ share · B</c>.</summary>
    [JsonStringEnumMemberName(ShareBoundText.MaxShare)] AtMost,
}
