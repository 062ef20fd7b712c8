using System.Globalization;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>The settings of a local pipeline on the tests' PostgreSQL and Azurite, each test on its own hub and container.</summary>
public static class LocalSettingsFor
{
    public static Dictionary<string, string?> Services(PostgresServer postgres, AzuriteFixture azurite, string prefix, string budgets)
    {
        var hub = $"{prefix}{Guid.NewGuid():N}"[..20];
        return new Dictionary<string, string?>
        {
            ["POSTGRES_HOST"] = "127.0.0.1",
            ["POSTGRES_PORT"] = postgres.Port.ToString(CultureInfo.InvariantCulture),
            ["POSTGRES_DATABASE"] = "markov",
            ["POSTGRES_USER"] = "markov_reader",
            ["POSTGRES_PASSWD"] = postgres.ReaderPassword,
            ["POSTGRES_SSL_MODE"] = "Disable",
            ["Artifacts__ConnectionString"] = azurite.ConnectionString,
            ["Artifacts__Container"] = hub,
            ["Run__Budgets"] = budgets,
            ["DurableTask__HubName"] = hub,
        };
    }
}
