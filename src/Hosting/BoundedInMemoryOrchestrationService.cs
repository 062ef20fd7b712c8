using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace MarkovFunctions.Hosting;

/// <summary>
/// The in-memory backend with concurrency we choose. The base class takes its limits from the
/// processor count and does not let them be set, which on a 2-core machine runs two activities at
/// a time; re-implementing the interface's two limits here is the one change.
/// </summary>
internal sealed class BoundedInMemoryOrchestrationService(
    ILoggerFactory loggerFactory, int maxActivities, int maxOrchestrations)
    : InMemoryOrchestrationService(loggerFactory), IOrchestrationService
{
    int IOrchestrationService.MaxConcurrentTaskActivityWorkItems => maxActivities;

    int IOrchestrationService.MaxConcurrentTaskOrchestrationWorkItems => maxOrchestrations;
}
