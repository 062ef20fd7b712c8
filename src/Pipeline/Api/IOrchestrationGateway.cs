using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>A run as the API reports it; <see cref="Step"/> is the step a running orchestration has reached.</summary>
public sealed record RunStatus(
    string InstanceId,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    PipelineResult? Output,
    string? Failure,
    string? Step = null);

/// <summary>Starts and looks up orchestration instances; one implementation per host (Functions, local).</summary>
public interface IOrchestrationGateway
{
    /// <summary>
    /// Schedules the pipeline. With an instance id that already exists and has not failed, nothing new
    /// starts and the existing id is returned, so a repeated weekly tick makes one run.
    /// </summary>
    Task<string> StartAsync(PipelineInput input, string? instanceId = null, CancellationToken ct = default);

    Task<RunStatus?> GetAsync(string instanceId, CancellationToken ct = default);
}
