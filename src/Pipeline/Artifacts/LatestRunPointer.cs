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
        // Edited by hand to roll back, so every way it can be wrong gets a message that says how to fix it.
        const string Form = "expected {\"run\": \"YYYYMMDD_HHMMSS_xxxxxxxx\", \"files\": [...]}";
        LatestRunPointer? latest;
        try
        {
            latest = JsonSerializer.Deserialize<LatestRunPointer>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{ArtifactPaths.LatestPointer} is not valid JSON ({Domain.Inputs.InputValidationException.Truncate(ex.Message, 200)}); {Form}", ex);
        }

        if (latest is null)
        {
            throw new InvalidDataException($"{ArtifactPaths.LatestPointer} is empty; {Form}");
        }

        if (!ArtifactPaths.IsRunId(latest.Run))
        {
            throw new InvalidDataException($"{ArtifactPaths.LatestPointer} names {(latest.Run is null ? "no run" : Domain.Inputs.FieldParser.Shown(latest.Run))}, which is no run id; {Form}");
        }

        return latest with { Files = latest.Files ?? [] };
    }
}
