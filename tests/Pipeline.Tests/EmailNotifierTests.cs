using System.Globalization;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>The e-mail notice through MailKit to a real SMTP server in the test process (SmtpServer), as the other channels are tested against listeners.</summary>
public sealed class EmailNotifierTests
{
    private const string Hostile = "<!channel> <https://evil.example|x>";
    private const string ReportUrl = "https://account.blob.core.windows.net/runs/r/report.html?sv=1&sig=x";

    [Fact]
    public async Task NotifySucceeded_FiftyBudgetsHostileNames_OneHtmlMailWithinTheLimitsAndNothingLive()
    {
        await using var smtp = new RecordingSmtpServer();
        await using var services = Services(smtp);
        var run = LargeRun();

        await services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(run);

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("Budget recommendation 20261123_110000 is ready, with 200 alert(s)", mail.Subject);
        Assert.Equal(["lead@example.com", "analyst@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("markov@example.com", mail.From.Mailboxes.Single().Address);
        Assert.Equal("run-20261123_110000@markov-functions", mail.MessageId);
        var html = mail.HtmlBody!;
        Assert.Empty(RecordingSmtpServer.LiveMarkup(html, ReportUrl));
        Assert.Contains(MarkupEscaping.Html(Hostile), html, StringComparison.Ordinal);
        Assert.DoesNotContain(Hostile, html, StringComparison.Ordinal);
        Assert.Equal(NotificationLimits.MaxItemsShown * 2, System.Text.RegularExpressions.Regex.Matches(html, "<li>").Count);
        Assert.Contains($"… and {50 - NotificationLimits.MaxItemsShown} more budgets - see the report", html, StringComparison.Ordinal);
        Assert.Contains($"… and {200 - NotificationLimits.MaxItemsShown} more alerts - see the report", html, StringComparison.Ordinal);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<li>(.*?)</li>"), li => Assert.InRange(System.Net.WebUtility.HtmlDecode(li.Groups[1].Value).Length, 1, NotificationLimits.MaxLineChars));
        // The infeasible budget first, then those nearest today's spend (30,000).
        Assert.StartsWith("<li>Budget 1,000: infeasible", html[html.IndexOf("<li>", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyFailed_TwoThousandCharacterHostileFailure_SubjectCutBodyEncoded()
    {
        await using var smtp = new RecordingSmtpServer();
        await using var services = Services(smtp);
        var message = string.Concat(Enumerable.Repeat(Hostile, 100))[..2000];
        var instance = "weekly-" + new string('x', 300);

        await services.GetRequiredService<IRunNotifier>().NotifyFailedAsync(new FailureNotice(instance, "weekly", "extract", message, DateTime.UtcNow, DateTime.UtcNow));

        var mail = Assert.Single(smtp.Messages);
        Assert.InRange(mail.Subject!.Length, 1, NotificationLimits.EmailSubjectChars);
        Assert.EndsWith("…", mail.Subject, StringComparison.Ordinal);
        Assert.Empty(RecordingSmtpServer.LiveMarkup(mail.HtmlBody!, null));
        Assert.Contains(MarkupEscaping.Html(message[..200]), mail.HtmlBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifySucceeded_ServerRefuses550_PermanentAfterOneAttempt()
    {
        await using var smtp = new RecordingSmtpServer(null, null, 550);
        await using var services = Services(smtp);

        var error = await Assert.ThrowsAsync<PermanentFailureException>(() => services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(LargeRun()));

        Assert.Equal(1, smtp.Attempts);
        Assert.Empty(smtp.Messages);
        Assert.StartsWith("notification refused by E-mail: 550", error.Message, StringComparison.Ordinal);
        Assert.Contains("5.7.1 message refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifySucceeded_ServerAnswers451ThenAccepts_RetriedAndSentOnceWithItsMark()
    {
        await using var smtp = new RecordingSmtpServer(null, null, 451);
        var marks = Directory.CreateTempSubdirectory("markov-mail-marks.");
        try
        {
            await using var services = Services(smtp, new LocalDirectoryArtifactStore(marks.FullName));
            var notifier = services.GetRequiredService<IRunNotifier>();

            var error = await Assert.ThrowsAsync<NotificationDeliveryException>(() => notifier.NotifySucceededAsync(LargeRun()));
            Assert.StartsWith("E-mail answered 451", error.Message, StringComparison.Ordinal);
            await notifier.NotifySucceededAsync(LargeRun());
            await notifier.NotifySucceededAsync(LargeRun());

            Assert.Equal(2, smtp.Attempts);
            Assert.Single(smtp.Messages);
            Assert.True(File.Exists(Path.Combine(marks.FullName, "notified", "run-20261123_110000", "E-mail.json")));
        }
        finally
        {
            marks.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NotifySucceeded_SignInRequired_RightPasswordSendsWrongOneIsRefusedWithoutQuotingIt()
    {
        const string Password = "s3cret-Pa55word";
        await using var smtp = new RecordingSmtpServer("markov", Password);
        await using (var services = Services(smtp, user: "markov", password: Password))
        {
            await services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(LargeRun());
        }

        Assert.Single(smtp.Messages);
        await using (var services = Services(smtp, user: "markov", password: "wrong-" + Password))
        {
            var error = await Assert.ThrowsAsync<PermanentFailureException>(() => services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(LargeRun()));
            Assert.StartsWith("notification refused by E-mail: 535", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        }

        Assert.True(smtp.SignIns.Count >= 2 && smtp.SignIns.All(n => n == "markov"), string.Join(", ", smtp.SignIns));
        Assert.Single(smtp.Messages);
    }

    [Theory]
    [InlineData("Notify__SmtpTo", "", "Notify__SmtpTo must list 1 to 20 e-mail addresses (comma-separated), not 0")]
    [InlineData("Notify__SmtpTo", "a@example.com, not-an-address", "Notify__SmtpTo: 'not-an-address' is not an e-mail address of at most 254 characters")]
    [InlineData("Notify__SmtpFrom", "Lead <lead@example.com>, x@example.com", "Notify__SmtpFrom must be one e-mail address (at most 254 characters) when Notify__SmtpHost is set")]
    [InlineData("Notify__SmtpTls", "ssl", "Notify__SmtpTls must be starttls, tls or none, not 'ssl'")]
    [InlineData("Notify__SmtpPort", "0", "Notify__SmtpPort must be a port 1-65535 (587 with starttls, 465 with tls), not 0")]
    [InlineData("Notify__SmtpPassword", "", "Notify__SmtpPassword is required when Notify__SmtpUser is set")]
    public void Problems_BadSmtpSetting_NamesTheSetting(string setting, string value, string expected)
    {
        var options = new NotifyOptions { SmtpHost = "smtp.example.com", SmtpFrom = "markov@example.com", SmtpTo = "lead@example.com", SmtpUser = "markov", SmtpPassword = "pw" };
        switch (setting)
        {
            case "Notify__SmtpTo": options.SmtpTo = value; break;
            case "Notify__SmtpFrom": options.SmtpFrom = value; break;
            case "Notify__SmtpTls": options.SmtpTls = value; break;
            case "Notify__SmtpPort": options.SmtpPort = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "Notify__SmtpPassword": options.SmtpPassword = value; break;
        }

        Assert.Equal([expected], options.Problems());
    }

    [Fact]
    public void Problems_TwentyOneRecipientsOrSmtpSettingsWithoutAHost_AreRefused()
    {
        var many = string.Join(",", Enumerable.Range(0, 21).Select(i => $"r{i}@example.com"));
        Assert.Equal(["Notify__SmtpTo must list 1 to 20 e-mail addresses (comma-separated), not 21"],
            new NotifyOptions { SmtpHost = "smtp.example.com", SmtpFrom = "markov@example.com", SmtpTo = many }.Problems());
        Assert.Equal(["Notify__SmtpHost is required when Notify__SmtpTo, Notify__SmtpPassword is set (e-mail is on only with a host)"],
            new NotifyOptions { SmtpTo = "lead@example.com", SmtpPassword = "pw" }.Problems());
        Assert.Empty(new NotifyOptions { SmtpHost = "smtp.example.com", SmtpFrom = "markov@example.com", SmtpTo = string.Join(";", many.Split(',')[..20]) }.Problems());
    }

    private static ServiceProvider Services(RecordingSmtpServer smtp, IArtifactStore? store = null, string? user = null, string? password = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<NotifyOptions>(o =>
        {
            o.SmtpHost = smtp.Host;
            o.SmtpPort = smtp.Port;
            o.SmtpTls = "none";
            o.SmtpFrom = "markov@example.com";
            o.SmtpTo = "lead@example.com, analyst@example.com";
            o.SmtpUser = user;
            o.SmtpPassword = password;
        });
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddRunNotifier(retryDelay: TimeSpan.FromMilliseconds(50));
        return services.BuildServiceProvider();
    }

    private static PublishedRun LargeRun()
    {
        var budgets = Enumerable.Range(1, 50)
            .Select(i => i == 1
                ? new BudgetHeadline(1_000, SolveStatus.Infeasible, null, null, [], ["minimum spends of " + Hostile + " add up to 9,000"])
                : new BudgetHeadline(i * 2_000 - 1_000, SolveStatus.Optimal, 100 + i, 0.1, [Hostile, "Social+Display"], []))
            .ToArray();
        var alerts = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Hostile}_{i} weight moved +40% since run 20261116_110000 (0.100 -> 0.140), above the 25% alert threshold")).ToArray();
        return new PublishedRun("20261123_110000", "20261123_110000", ReportUrl, 0.35, 0.7327, budgets, alerts, 4500) { CurrentSpend = 30_000 };
    }
}
