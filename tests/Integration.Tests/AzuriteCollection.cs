using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Integration.Tests;

/// <summary>
/// One emulator and one PostgreSQL for every test of this assembly that needs them: each real
/// service starts once per test run, and tests that change its state (rights, a stopped server) put it back.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "Azurite";
}
