using System.Net;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>Registers the notifier the same way in every host.</summary>
public static class RunNotifierRegistration
{
    public static IHttpClientBuilder AddRunNotifier(this IServiceCollection services, TimeSpan? retryDelay = null)
    {
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        // The default HTTP logging writes each request's URL, and a webhook URL is a secret.
        var builder = services.AddHttpClient<IRunNotifier, RunNotifier>().RemoveAllLoggers();
        builder.AddStandardResilienceHandler(o =>
        {
            // A 429 is waited out by the orchestration's durable timer: a Retry-After of a minute does
            // not fit in the HTTP call's time budget, and waiting there holds a worker.
            o.Retry.ShouldHandle = static args => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests);
            if (retryDelay is { } delay)
            {
                o.Retry.Delay = delay;
            }
        });
        return builder;
    }
}
