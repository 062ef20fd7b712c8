using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Orchestration;

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
