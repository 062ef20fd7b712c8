using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// <see cref="IOrchestrationGateway"/> over the SDK's <see cref="DurableTaskClient"/>, which both hosts
/// have: the Functions app gets it from its [DurableClient] binding, the local host from its engine.
/// </summary>
public sealed class DurableClientGateway(DurableTaskClient client) : IOrchestrationGateway
{
    public async Task<string> StartAsync(PipelineInput input, string? instanceId = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (instanceId is not null && await IsLiveOrDoneAsync(instanceId, ct).ConfigureAwait(false))
        {
            return instanceId;
        }

        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(
                PipelineNames.Orchestrator, input, instanceId is null ? null : new StartOrchestrationOptions(instanceId), ct)
                .ConfigureAwait(false);
        }
        catch (Exception) when (instanceId is not null)
        {
            // Two starts of the same week raced and the other one won: that run is this run.
            if (await IsLiveOrDoneAsync(instanceId, ct).ConfigureAwait(false))
            {
                return instanceId;
            }

            throw;
        }
    }

    public async Task<RunStatus?> GetAsync(string instanceId, CancellationToken ct = default)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        var output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<PipelineResult>() : null;
        var progress = metadata.ReadCustomStatusAs<RunProgress>();
        // The orchestration's own record of the cause first: its failure details are the last exception
        // thrown, which a failed notice or the engine's wrapping may have replaced.
        var failure = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && progress?.Error is { } cause
            ? cause
            : metadata.FailureDetails?.ErrorMessage is { } details ? Domain.Inputs.InputValidationException.Truncate(details) : null;
        return new RunStatus(metadata.InstanceId, metadata.RuntimeStatus.ToString(), metadata.CreatedAt, metadata.LastUpdatedAt, output, failure, progress?.Step)
        {
            Warning = progress?.Warning,
        };
    }

    /// <summary>An instance that exists and has not failed or been terminated: starting it again would make a second run.</summary>
    private async Task<bool> IsLiveOrDoneAsync(string instanceId, CancellationToken ct)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false);
        return existing is not null
            && existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated);
    }
}
