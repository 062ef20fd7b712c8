using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyActivity(IRunNotifier notifier) : TaskActivity<PublishedRun, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PublishedRun input)
    {
        await notifier.NotifySucceededAsync(input);
        return true;
    }
}
