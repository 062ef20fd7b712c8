using MarkovFunctions.Pipeline.Notifications;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class NotifyFailureActivity(IRunNotifier notifier) : TaskActivity<FailureNotice, NotifyOutcome>
{
    public override async Task<NotifyOutcome> RunAsync(TaskActivityContext context, FailureNotice input)
    {
        try
        {
            await notifier.NotifyFailedAsync(input);
            return NotifyOutcome.Sent;
        }
        catch (WebhookThrottledException throttled)
        {
            return new NotifyOutcome(throttled.RetryAfter.TotalSeconds);
        }
    }
}
