using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Publishes the run; the response curves' weekly points, which the report draws, are read from the run's work area.</summary>
public sealed class PublishActivity(IRunPublisher publisher, IRunWorkStore work) : TaskActivity<PublishRequest, PublishedRun>
{
    public override async Task<PublishedRun> RunAsync(TaskActivityContext context, PublishRequest input) =>
        await publisher.PublishAsync(input with { Curves = await work.CurvesAsync(input.CurvesWork, input.Curves) });
}
