using System.Text.Json.Serialization;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// How a run ended, as its output says. A failed run returns no result: the orchestration itself fails
/// (Failed, with the step and message in its custom status), so the output only ever says Succeeded.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PipelineStatus>))]
public enum PipelineStatus
{
    Succeeded,
}
