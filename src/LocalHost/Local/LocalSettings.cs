using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MarkovFunctions.LocalHost.Local;

/// <summary>
/// The local host reads the same settings as the Functions app: environment variables, and the
/// "Values" of local.settings.json when there is one (keys like Run__Budgets mean Run:Budgets).
/// </summary>
public static class LocalSettings
{
    public static IConfiguration Load(string? settingsFile = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var file = settingsFile ?? "local.settings.json";
        if (File.Exists(file) && new FileInfo(file).Length > 0)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.TryGetProperty("Values", out var values))
            {
                builder.AddInMemoryCollection(values.EnumerateObject().Select(v =>
                    new KeyValuePair<string, string?>(v.Name.Replace("__", ":", StringComparison.Ordinal), v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : v.Value.GetRawText())));
            }
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key.Replace("__", ":", StringComparison.Ordinal), o.Value)));
        }

        return builder.Build();
    }
}
