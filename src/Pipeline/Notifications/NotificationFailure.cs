using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// What a channel's negative answer means for the run, one rule for every channel: a refusal of this
/// message that sending it again only repeats is permanent (<see cref="PermanentFailureException"/>,
/// "notification refused by Slack: …": one attempt, and the published run says so); anything else may
/// heal and is retried. Which answers are refusals is the protocol's: HTTP 4xx but 408 (429 is a wait,
/// handled before); SMTP 5yz, the "permanent negative completion" of RFC 5321 (4yz is "try again").
/// Messages name the channel and quote its answer cut to 300 characters, never an address or a secret.
/// </summary>
public static class NotificationFailure
{
    public static bool IsRefusal(NotificationProtocol protocol, int code) => protocol switch
    {
        NotificationProtocol.Http => code is >= 400 and < 500 && code != 408,
        NotificationProtocol.Smtp => code is >= 500 and < 600,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>The exception for <paramref name="channel"/>'s answer <paramref name="code"/>: permanent for a refusal, retried otherwise.</summary>
    public static Exception For(string channel, NotificationProtocol protocol, int code, string reason, string answer, Exception? inner = null)
    {
        answer = answer.Trim();
        var said = answer.Length == 0 ? string.Empty : ": " + InputValidationException.Truncate(answer, 300);
        var status = $"{code} {reason}".Trim();
        return IsRefusal(protocol, code)
            ? new PermanentFailureException($"notification refused by {channel}: {status}{said}", inner)
            : new NotificationDeliveryException($"{channel} answered {status}{said}", inner);
    }
}

public enum NotificationProtocol
{
    Http,
    Smtp,
}

/// <summary>A channel failed in a way that may heal (5xx, 408, SMTP 4yz, a dropped connection): the activity is retried.</summary>
public sealed class NotificationDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
