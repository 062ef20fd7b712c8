using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>An HTTP answer, independent of the host that sends it.</summary>
public sealed record ApiResponse(int StatusCode, JsonNode Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>An error answer; the message is cut to <see cref="InputValidationException.MaxMessageLength"/> characters.</summary>
    public static ApiResponse Error(int status, string message) => new(status, new JsonObject { ["error"] = InputValidationException.Truncate(message) });
}
