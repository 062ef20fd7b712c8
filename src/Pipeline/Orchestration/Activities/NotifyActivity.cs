using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyActivity(IRunNotifier notifier) : TaskActivity<PublishedRun, NotifyOutcome>
{
    public override Task<NotifyOutcome> RunAsync(TaskActivityContext context, PublishedRun input) =>
        NotifyOutcome.OfAsync(() => notifier.NotifySucceededAsync(input));
}
