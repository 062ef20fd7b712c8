using MarkovFunctions.Pipeline.Notifications;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyActivity(IRunNotifier notifier) : TaskActivity<PublishedRun, NotifyOutcome>
{
    public override async Task<NotifyOutcome> RunAsync(TaskActivityContext context, PublishedRun input)
    {
        try
        {
            await notifier.NotifySucceededAsync(input);
            return NotifyOutcome.Sent;
        }
        catch (WebhookThrottledException throttled)
        {
            return new NotifyOutcome(throttled.RetryAfter.TotalSeconds);
        }
    }
}
