namespace MarkovFunctions.TestSupport;

/// <summary>
/// One Azurite per test collection that declares it (<c>ICollectionFixture&lt;AzuriteFixture&gt;</c>);
/// test projects declare a single "Azurite" collection so that one emulator serves the whole run.
/// Tests isolate themselves by container / task hub name, not by emulator.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not started");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
