using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>Binds and validates every options class at start-up, so a missing setting stops the app with its name.</summary>
public static class SettingsRegistration
{
    public static IServiceCollection AddMarkovSettings(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var settings in All)
        {
            settings.Register(services, configuration);
        }

        return services;
    }

    /// <summary>Every problem of every settings class, each naming its setting; empty when all is well.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration) => All.SelectMany(s => s.Problems(configuration)).ToList();

    /// <summary>The settings classes, each with how it is read from configuration: the one list both the app and <see cref="Problems"/> use.</summary>
    private static readonly SettingsClass[] All =
    [
        new SettingsClass<PostgresOptions>(PostgresOptions.Read),
        Section<ArtifactsOptions>(ArtifactsOptions.Section),
        new SettingsClass<RunOptions>(RunOptions.Read),
        Section<ScheduleOptions>(ScheduleOptions.Section),
        Section<AlertOptions>(AlertOptions.Section),
        new SettingsClass<DurableOptions>((configuration, o) =>
        {
            configuration.GetSection(DurableOptions.Section).Bind(o);
            o.HubName = configuration[SettingNames.DurableHubName] ?? string.Empty;
        }),
        Section<NotifyOptions>(NotifyOptions.Section),
    ];

    private static SettingsClass<T> Section<T>(string section)
        where T : class, ISettingsValidation, new() =>
        new((configuration, o) => configuration.GetSection(section).Bind(o));

    private abstract class SettingsClass
    {
        public abstract void Register(IServiceCollection services, IConfiguration configuration);

        public abstract IEnumerable<string> Problems(IConfiguration configuration);
    }

    /// <summary>One settings class: bound and validated at start-up (a missing setting stops the app with its name).</summary>
    private sealed class SettingsClass<T>(Action<IConfiguration, T> read) : SettingsClass
        where T : class, ISettingsValidation, new()
    {
        public override void Register(IServiceCollection services, IConfiguration configuration)
        {
            services.AddOptions<T>().Configure(o => read(configuration, o)).ValidateOnStart();
            services.AddSingleton<IValidateOptions<T>, ProblemsValidator<T>>();
        }

        public override IEnumerable<string> Problems(IConfiguration configuration)
        {
            var options = new T();
            read(configuration, options);
            return options.Problems();
        }
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
