using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>The content of <c>latest.json</c>: the last run whose folder was published whole.</summary>
public sealed record LatestRunPointer(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files)
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schema_version")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Deterministic bytes (no time stamp): publishing the same run twice writes the same file.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static LatestRunPointer Parse(ReadOnlySpan<byte> json)
    {
        var latest = JsonSerializer.Deserialize<LatestRunPointer>(json, Json)
            ?? throw new InvalidDataException($"{ArtifactPaths.LatestPointer} is empty");
        if (!ArtifactPaths.IsRunId(latest.Run))
        {
            throw new InvalidDataException($"{ArtifactPaths.LatestPointer} names '{latest.Run}', which is no run id");
        }

        return latest;
    }
}
