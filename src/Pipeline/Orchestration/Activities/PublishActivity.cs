using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class PublishActivity(IRunPublisher publisher) : TaskActivity<PublishRequest, PublishedRun>
{
    public override Task<PublishedRun> RunAsync(TaskActivityContext context, PublishRequest input) =>
        publisher.PublishAsync(input);
}
