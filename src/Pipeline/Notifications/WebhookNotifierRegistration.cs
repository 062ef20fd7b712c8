using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>Registers the notifier the same way in every host.</summary>
public static class WebhookNotifierRegistration
{
    public static IHttpClientBuilder AddWebhookNotifier(this IServiceCollection services, TimeSpan? retryDelay = null)
    {
        // The default HTTP logging writes each request's URL, and a webhook URL is a secret.
        var builder = services.AddHttpClient<IRunNotifier, WebhookNotifier>().RemoveAllLoggers();
        builder.AddStandardResilienceHandler(o =>
        {
            if (retryDelay is { } delay)
            {
                o.Retry.Delay = delay;
            }
        });
        return builder;
    }
}
