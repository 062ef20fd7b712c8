using Microsoft.Extensions.Logging;

namespace MarkovFunctions.Hosting;

internal static partial class Logs
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Durable engine started: {Backend} backend, task hub {HubName}, worker {WorkerId}")]
    public static partial void EngineStarted(ILogger logger, DurableBackend backend, string hubName, string workerId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Durable engine stopped: task hub {HubName}")]
    public static partial void EngineStopped(ILogger logger, string hubName);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Task hub {HubName} deleted")]
    public static partial void TaskHubDeleted(ILogger logger, string hubName);
}
