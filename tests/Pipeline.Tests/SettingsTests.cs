using MarkovFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class SettingsTests
{
    private static Dictionary<string, string?> Complete() => new()
    {
        [SettingNames.PostgresHost] = "127.0.0.1",
        [SettingNames.PostgresDatabase] = "markov",
        [SettingNames.PostgresUser] = "markov_reader",
        ["Artifacts:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Run:Budgets"] = "30000,60000",
        [SettingNames.DurableHubName] = "MarkovFunctions",
    };

    [Fact]
    public async Task StartAsync_CompleteSettings_Starts()
    {
        using var host = Build(Complete());
        await host.StartAsync();
        Assert.Equal([30000.0, 60000.0], host.Services.GetRequiredService<IOptions<RunOptions>>().Value.ToParameters(DateTimeOffset.UnixEpoch).Budgets);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Run:Budgets", "Run__Budgets is required")]
    [InlineData(SettingNames.PostgresHost, "POSTGRES_HOST is required")]
    [InlineData("Artifacts:ConnectionString", "Artifacts__ConnectionString or Artifacts__AccountUri is required")]
    [InlineData(SettingNames.DurableHubName, "TASK_HUB_NAME must be 3–45 letters or digits")]
    public async Task StartAsync_RequiredSettingMissing_FailsNamingIt(string missing, string message)
    {
        var settings = Complete();
        settings.Remove(missing);
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("Run:Budgets", "30000,abc", "Run__Budgets: 'abc' is not a positive number")]
    [InlineData("Run:AlphaMode", "best", "Run__AlphaMode must be 'search' or 'fixed', found 'best'")]
    [InlineData("Run:AlphaMode", "fixed", "alpha mode 'fixed' needs an alpha")]
    [InlineData("Schedule:TimeZone", "Mars/Olympus", "Schedule__TimeZone: unknown time zone 'Mars/Olympus'")]
    [InlineData(SettingNames.PostgresSslMode, "Sometimes", "POSTGRES_SSL_MODE must be one of")]
    [InlineData(SettingNames.DurableHubName, "my-hub", "TASK_HUB_NAME must be 3–45 letters or digits")]
    [InlineData("Notify:SlackWebhookUrl", "htps://hooks.slack.com/services/T/B/x", "Notify__SlackWebhookUrl must be an absolute http(s) URL")]
    [InlineData("Notify:TeamsWebhookUrl", "/webhookb2/abc", "Notify__TeamsWebhookUrl must be an absolute http(s) URL")]
    [InlineData("DurableTask:HistoryRetentionDays", "1", "DurableTask__HistoryRetentionDays must be between 8 and 3650 days (below 8 the weekly run's history could be purged within its week and the week run again), found 1")]
    [InlineData("DurableTask:HistoryRetentionDays", "7", "DurableTask__HistoryRetentionDays must be between 8 and 3650 days")]
    [InlineData(SettingNames.PostgresPort, "notaport", "POSTGRES_PORT must be a number from 1 to 65535, found 'notaport'")]
    [InlineData(SettingNames.PostgresPort, "70000", "POSTGRES_PORT must be a number from 1 to 65535, found '70000'")]
    [InlineData(SettingNames.PostgresConnectionString, "Host=127.0.0.1;Port=abc;Database=markov", "POSTGRES_CONNECTION_STRING is not a valid Npgsql connection string")]
    [InlineData(SettingNames.PostgresConnectionString, "Host=127.0.0.1;Port=0;Database=markov", "POSTGRES_CONNECTION_STRING is not a valid Npgsql connection string")]
    public void Problems_WrongSetting_NamesIt(string key, string value, string message)
    {
        var settings = Complete();
        settings[key] = value;
        var problems = SettingsRegistration.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Contains(problems, p => p.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_AlphaWithSearchMode_RefusedAsTheCliAndApiRefuseIt()
    {
        var settings = Complete();
        settings["Run:AlphaMode"] = "search";
        settings["Run:AlphaFixed"] = "0.4";
        var problems = SettingsRegistration.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Contains(problems, p => p.Contains("alpha 0.4 is used only with alpha mode fixed", StringComparison.Ordinal));
    }

    [Fact]
    public void ToParameters_AlphaAlone_FixesAlphaAsTheCliDoes()
    {
        var parameters = new RunOptions { ["Budgets"] = "30000", ["AlphaFixed"] = "0.4" }.ToParameters(DateTimeOffset.UnixEpoch);
        Assert.Equal(Domain.Calibration.AlphaMode.Fixed, parameters.AlphaMode);
        Assert.Equal(0.4, parameters.AlphaFixed);
    }

    [Theory]
    [InlineData("Notify:SlackWebhookUrl", "htps://hooks.slack.com/services/T/B/x", "Notify__SlackWebhookUrl must be an absolute http(s) URL")]
    [InlineData(SettingNames.PostgresPort, "notaport", "POSTGRES_PORT must be a number from 1 to 65535, found 'notaport'")]
    [InlineData(SettingNames.PostgresConnectionString, "Host=127.0.0.1;Port=abc;Database=markov", "POSTGRES_CONNECTION_STRING is not a valid Npgsql connection string")]
    public async Task StartAsync_WrongSetting_FailsNamingItWithoutQuotingSecrets(string key, string value, string message)
    {
        var settings = Complete();
        settings[key] = value;
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        if (key != SettingNames.PostgresPort)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Problems_WebhookUrlsAbsoluteHttps_NoProblem()
    {
        var settings = Complete();
        settings["Notify:SlackWebhookUrl"] = "https://hooks.slack.com/services/T/B/x";
        settings["Notify:TeamsWebhookUrl"] = "http://127.0.0.1:7099/teams";
        Assert.Empty(SettingsRegistration.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
    }

    [Fact]
    public void ReaderConnectionString_Parts_UseSearchPathAndTls()
    {
        var options = PostgresOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Complete()).Build());
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ReaderConnectionString());
        Assert.Equal("dw4", builder.SearchPath);
        Assert.Equal(Npgsql.SslMode.VerifyFull, builder.SslMode);
    }

    /// <summary>Issue 22: with no POSTGRES_SSL_MODE the server's certificate and host name are checked; a local server opts out by name.</summary>
    [Theory]
    [InlineData(null, Npgsql.SslMode.VerifyFull)]
    [InlineData("", Npgsql.SslMode.VerifyFull)]
    [InlineData("Disable", Npgsql.SslMode.Disable)]
    [InlineData("require", Npgsql.SslMode.Require)]
    public void ReaderAndWriterConnectionStrings_SslModeSetting_DefaultsToVerifyFull(string? setting, Npgsql.SslMode expected)
    {
        var settings = Complete();
        settings[SettingNames.PostgresSslMode] = setting;
        settings[SettingNames.PostgresWriterUser] = "markov_writer";
        var options = PostgresOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Empty(options.Problems());
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(options.ReaderConnectionString()).SslMode);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(options.WriterConnectionString()).SslMode);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMarkovSettings(builder.Configuration);
        return builder.Build();
    }
}
