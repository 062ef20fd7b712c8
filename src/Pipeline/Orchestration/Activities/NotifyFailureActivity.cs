using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyFailureActivity(IRunNotifier notifier) : TaskActivity<FailureNotice, NotifyOutcome>
{
    public override Task<NotifyOutcome> RunAsync(TaskActivityContext context, FailureNotice input) =>
        NotifyOutcome.OfAsync(() => notifier.NotifyFailedAsync(input));
}
