using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>Binds and validates every options class at start-up, so a missing setting stops the app with its name.</summary>
public static class SettingsRegistration
{
    public static IServiceCollection AddMarkovSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>()
            .Configure(o => Copy(PostgresOptions.From(configuration), o))
            .ValidateOnStart();
        Add<ArtifactsOptions>(services, configuration, ArtifactsOptions.Section);
        services.AddOptions<RunOptions>().Configure(o => RunOptions.Read(configuration, o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RunOptions>, ProblemsValidator<RunOptions>>();
        Add<ScheduleOptions>(services, configuration, ScheduleOptions.Section);
        Add<AlertOptions>(services, configuration, AlertOptions.Section);
        Add<DurableOptions>(services, configuration, DurableOptions.Section);
        services.Configure<DurableOptions>(o => o.HubName = configuration[SettingNames.DurableHubName] ?? string.Empty);
        Add<NotifyOptions>(services, configuration, NotifyOptions.Section);
        services.AddSingleton<IValidateOptions<PostgresOptions>, ProblemsValidator<PostgresOptions>>();
        return services;
    }

    /// <summary>Every problem of every settings class, each naming its setting; empty when all is well.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        problems.AddRange(PostgresOptions.From(configuration).Problems());
        problems.AddRange(Bind<ArtifactsOptions>(configuration, ArtifactsOptions.Section).Problems());
        problems.AddRange(RunOptions.From(configuration).Problems());
        problems.AddRange(Bind<ScheduleOptions>(configuration, ScheduleOptions.Section).Problems());
        problems.AddRange(Bind<AlertOptions>(configuration, AlertOptions.Section).Problems());
        var durable = Bind<DurableOptions>(configuration, DurableOptions.Section);
        durable.HubName = configuration[SettingNames.DurableHubName] ?? string.Empty;
        problems.AddRange(durable.Problems());
        problems.AddRange(Bind<NotifyOptions>(configuration, NotifyOptions.Section).Problems());
        return problems;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }

    private static void Add<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class, ISettingsValidation
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, ProblemsValidator<T>>();
    }

    private static void Copy(PostgresOptions from, PostgresOptions to)
    {
        to.Host = from.Host;
        to.Port = from.Port;
        to.PortText = from.PortText;
        to.Database = from.Database;
        to.User = from.User;
        to.Password = from.Password;
        to.SslMode = from.SslMode;
        to.ConnectionString = from.ConnectionString;
        to.WriterUser = from.WriterUser;
        to.WriterPassword = from.WriterPassword;
    }

    private sealed class ProblemsValidator<T> : IValidateOptions<T>
        where T : class, ISettingsValidation
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Problems().ToArray();
            return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
