using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyFailureActivity(IRunNotifier notifier) : TaskActivity<FailureNotice, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FailureNotice input)
    {
        await notifier.NotifyFailedAsync(input);
        return true;
    }
}
