using MarkovFunctions.Hosting.Tests.Durable;

namespace MarkovFunctions.Hosting.Tests;

/// <summary>
/// The test runner loads this assembly as a library and never calls Main. The crash test starts it
/// as a program: a durable host process it can kill with SIGKILL.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [EngineHostProcess.Command, var hubName])
        {
            await EngineHostProcess.RunAsync(hubName);
            return 0;
        }

        await Console.Error.WriteLineAsync($"usage: {EngineHostProcess.Command} HUB_NAME (storage connection string in ${EngineHostProcess.StorageVariable})");
        return 2;
    }
}
