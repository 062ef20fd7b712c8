using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Configuration;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>Issue 27: the goal in POST /api/runs and Run__Goal / Run__GoalTarget.</summary>
public sealed class GoalRequestTests
{
    private static readonly RunOptions Defaults = new() { ["Budgets"] = "30000,60000" };
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_NoGoal_IsTheConversionsGoal()
    {
        var parameters = RunRequest.Parse("{}", Defaults, Now);
        Assert.Equal(GoalSettings.Conversions, parameters.ToSettings().Goal);
    }

    [Fact]
    public void Parse_GoalAndTarget_ReachTheRunSettings()
    {
        var parameters = RunRequest.Parse("{\"goal\": \"target_cpa\", \"target\": 60}", Defaults, Now);
        parameters.Validate();
        Assert.Equal(new GoalSettings(Goal.TargetCpa, 60), parameters.ToSettings().Goal);
    }

    [Fact]
    public void Parse_GoalWithoutTarget_DropsTheConfiguredTarget()
    {
        var configured = new RunOptions { ["Budgets"] = "30000", ["Goal"] = "target_roas", ["GoalTarget"] = "3" };
        Assert.Equal(new GoalSettings(Goal.TargetRoas, 3), configured.ToParameters(Now).GoalSettings);
        var parameters = RunRequest.Parse("{\"goal\": \"profit\"}", configured, Now);
        Assert.Equal(new GoalSettings(Goal.Profit), parameters.GoalSettings);
    }

    [Theory]
    [InlineData("{\"goal\": \"roi\"}", "goal must be 'conversions' or")]
    [InlineData("{\"goal\": 3}", "goal must be a string")]
    [InlineData("{\"goal\": \"target_cpa\", \"target\": \"60\"}", "target must be a number")]
    [InlineData("{\"goal\": \"target_cpa\"}", "goal target_cpa needs a target")]
    [InlineData("{\"goal\": \"target_cpa\", \"target\": -1}", "target: -1 must be a positive number")]
    [InlineData("{\"goal\": \"target_conversions\", \"target\": 1e16}", "of at most 1E+15")]
    [InlineData("{\"target\": 60}", "goal conversions takes no target")]
    public void Parse_BadGoal_SaysWhatIsWrong(string body, string message)
    {
        var error = Record.Exception(() => RunRequest.Parse(body, Defaults, Now).Validate());
        Assert.True(error is FormatException or ConfigurationException, error?.GetType().Name);
        Assert.Contains(message, error!.Message);
    }

    [Fact]
    public void Problems_BadRunGoal_NamesTheSetting()
    {
        var problems = new RunOptions { ["Budgets"] = "30000", ["Goal"] = "cheapest" }.Problems().ToArray();
        Assert.Contains(problems, p => p.Contains("Run__Goal", StringComparison.Ordinal));
    }
}
