using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Hosting.Tests;

/// <summary>One emulator for every test of this assembly that needs storage.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
