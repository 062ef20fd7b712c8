using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>Issue 27: the notification states what a goal's plan reaches and its top move; the default's line is unchanged.</summary>
public sealed class GoalNotificationTests
{
    private static readonly BudgetHeadline Plain = new(60_000, SolveStatus.Optimal, 362.7, 1.902, [], []);

    [Fact]
    public void Budget_ConversionsGoal_IsTheLineItAlwaysWas() =>
        Assert.Equal("Budget 60,000: 362.7 conversions, uplift +190.2% (no share rule binds)", NotificationText.Budget(Plain));

    [Fact]
    public void Budget_TargetCpa_StatesTheCpaReachedAndTheTopMove()
    {
        var line = NotificationText.Budget(Plain with
        {
            GoalReached = "target_cpa 120: CPA 120 reached, ROAS 0.586, spend 43,523",
            TopMove = "+5,000 to Email, -5,000 from Paid Social: +65.3 conversions",
        });
        Assert.EndsWith("(no share rule binds); target_cpa 120: CPA 120 reached, ROAS 0.586, spend 43,523; top move: +5,000 to Email, -5,000 from Paid Social: +65.3 conversions", line);
    }
}
