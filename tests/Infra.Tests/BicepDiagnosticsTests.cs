namespace MarkovFunctions.Infra.Tests;

/// <summary>
/// The Bicep must build and lint with no warning at all: Bicep reports type errors (a wrong property,
/// a value of the wrong type) as warnings and still exits 0, so a warning is a broken deployment.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class BicepDiagnosticsTests(CompiledTemplate template)
{
    [Fact]
    public void Build_MainTemplate_HasNoWarningOrError()
    {
        Assert.Equal(0, template.Build.ExitCode);
        Assert.Empty(template.Build.Problems);
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.bicepparam")]
    public async Task Lint_File_HasNoWarningOrError(string file)
    {
        var lint = await BicepCli.RunAsync(["lint", file]);
        Assert.True(lint.ExitCode == 0, $"{lint.Command} exited {lint.ExitCode}:\n{lint.Diagnostics}");
        Assert.Empty(lint.Problems);
    }

    [Fact]
    public async Task BuildParams_ParametersFile_MatchesTheTemplate()
    {
        // Type-checks every value against main.bicep; the output (secrets read from the environment
        // when someone deploys) is discarded by BicepCli.
        var build = await BicepCli.RunAsync(["build-params", "main.bicepparam", "--stdout"]);
        Assert.True(build.ExitCode == 0, $"{build.Command} exited {build.ExitCode}:\n{build.Diagnostics}");
        Assert.Empty(build.Problems);
    }
}
