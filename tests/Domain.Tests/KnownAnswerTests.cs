using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using static MarkovFunctions.Domain.Tests.Tolerance;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Every in-scope number of every case in tests/Cases, compared as tests/Cases/README.md says.</summary>
public sealed class KnownAnswerTests
{
    public static IEnumerable<object[]> Cases => CaseData.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Markov_Case_MatchesExpected(string name)
    {
        var data = CaseData.Load(name);
        var summary = RunSummary.From(data.Run());
        var expected = data.Expected("markov.json");

        Close(expected.GetProperty("baseline_p").GetDouble(), summary.BaselineConversion, Model, "baseline_conversion");
        Assert.Equal(expected.GetProperty("total_conversions").GetInt64(), summary.ConvertedJourneys);
        foreach (var e in expected.GetProperty("matrix_variant").EnumerateArray())
        {
            var channel = Channel(summary, e.GetProperty("channel").GetString()!);
            Close(e.GetProperty("removal_effect").GetDouble(), channel.RemovalEffect, Model, $"{channel.Channel} removal_effect");
            Close(e.GetProperty("removal_weight").GetDouble(), channel.RemovalWeight, Model, $"{channel.Channel} removal_weight");
            Close(e.GetProperty("attributed_conversions").GetDouble(), channel.AttributedConversions, Model, $"{channel.Channel} attributed_conversions");
            Close(e.GetProperty("attributed_value").GetDouble(), channel.AttributedValue, Model, $"{channel.Channel} attributed_value");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Heuristics_Case_MatchExpected(string name)
    {
        var data = CaseData.Load(name);
        var summary = RunSummary.From(data.Run());
        foreach (var e in data.Expected("heuristics.json").GetProperty("channels").EnumerateArray())
        {
            var channel = Channel(summary, e.GetProperty("channel").GetString()!);
            Close(e.GetProperty("first_touch").GetDouble(), channel.FirstTouch, Model, $"{channel.Channel} first_touch");
            Close(e.GetProperty("last_touch").GetDouble(), channel.LastTouch, Model, $"{channel.Channel} last_touch");
            Close(e.GetProperty("linear").GetDouble(), channel.Linear, Model, $"{channel.Channel} linear");
            Close(e.GetProperty("position_based").GetDouble(), channel.PositionBased, Model, $"{channel.Channel} position_based");
            Close(e.GetProperty("time_decay").GetDouble(), channel.TimeDecay, Model, $"{channel.Channel} time_decay");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calibration_Case_MatchesExpected(string name)
    {
        var data = CaseData.Load(name);
        var summary = RunSummary.From(data.Run());
        var expected = data.Expected("calibration.json");

        Assert.Equal(expected.GetProperty("alpha_best").GetDouble(), summary.AlphaBest);
        Close(expected.GetProperty("smape_best").GetDouble(), summary.SmapeBest, Model, "smape_best");
        var table = expected.GetProperty("table").EnumerateArray().ToArray();
        Assert.Equal(table.Length, summary.Calibration.Count);
        foreach (var (e, actual) in table.Zip(summary.Calibration))
        {
            Close(e.GetProperty("alpha").GetDouble(), actual.Alpha, Model, "alpha");
            Close(e.GetProperty("smape"), actual.Smape, Model, $"smape at alpha {actual.Alpha}");
            Close(e.GetProperty("scale_s"), actual.Scale, Model, $"scale at alpha {actual.Alpha}");
        }

        foreach (var channel in summary.Channels.Where(c => c.ProvidedWeight is not null))
        {
            Close(expected.GetProperty("provided_weight").GetProperty(channel.Channel).GetDouble(), channel.ProvidedWeight!.Value, Model, $"{channel.Channel} provided_weight");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BudgetLp_Case_MatchesExpected(string name)
    {
        var data = CaseData.Load(name);
        var summary = RunSummary.From(data.Run());
        var results = data.Expected("lp.json").GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(results.Length, summary.Budgets.Count);
        foreach (var (e, actual) in results.Zip(summary.Budgets))
        {
            var where = $"budget {actual.Budget}";
            Assert.Equal(e.GetProperty("budget").GetDouble(), actual.Budget);
            var status = e.GetProperty("status").GetString()!;
            Assert.Equal(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(status), actual.Status.Text());
            Close(e.GetProperty("predicted_current"), actual.PredictedCurrent, Lp, $"{where} predicted_current");
            if (status != "optimal")
            {
                Assert.Null(actual.PredictedConversions);
                Assert.Null(actual.Uplift);
                Assert.Null(actual.BudgetDual);
                Assert.Empty(actual.Channels);
                var expectedReasons = e.GetProperty("infeasible_reason").GetArrayLength();
                Assert.True(actual.Reasons.Count >= 1, $"{where}: infeasible without a reason");
                Assert.Equal(expectedReasons, actual.Reasons.Count);
                continue;
            }

            Assert.Empty(actual.Reasons);
            Close(e.GetProperty("predicted_conversions"), actual.PredictedConversions, Lp, $"{where} predicted_conversions");
            Close(e.GetProperty("uplift"), actual.Uplift, Lp, $"{where} uplift");
            var unique = Agree(e.GetProperty("budget_slope_left").GetDouble(), e.GetProperty("budget_slope_right").GetDouble(), Lp);
            if (unique)
            {
                Close(e.GetProperty("budget_dual"), actual.BudgetDual, Lp, $"{where} budget_dual");
                Close(e.GetProperty("budget_marginal_value"), actual.BudgetMarginalValue, Lp, $"{where} budget_marginal_value");
            }

            var xUnique = e.GetProperty("x_unique").GetBoolean();
            foreach (var ec in e.GetProperty("channels").EnumerateArray())
            {
                var channel = actual.Channels.Single(c => c.Channel == ec.GetProperty("channel").GetString());
                Close(ec.GetProperty("current_spend"), channel.CurrentSpend, Lp, $"{where} {channel.Channel} current_spend");
                if (xUnique)
                {
                    Close(ec.GetProperty("x"), channel.OptimalSpend, Lp, $"{where} {channel.Channel} optimal_spend");
                    Close(ec.GetProperty("predicted"), channel.PredictedConversions, Lp, $"{where} {channel.Channel} predicted_conversions");
                    Close(ec.GetProperty("spend_change_pct"), channel.SpendChangePct, Lp, $"{where} {channel.Channel} spend_change_pct");
                    Assert.Equal(ec.GetProperty("at_min").GetBoolean(), channel.AtMin);
                    Assert.Equal(ec.GetProperty("at_max").GetBoolean(), channel.AtMax);
                }
            }

            var constraints = e.GetProperty("constraints");
            foreach (var (key, label) in new[] { ("PAID_min_share", "Paid"), ("SOCIAL_DISPLAY_max_share", "Social+Display") })
            {
                if (!constraints.TryGetProperty(key, out var ek) || ek.ValueKind == JsonValueKind.Null)
                {
                    Assert.DoesNotContain(actual.Constraints, c => c.Name == label);
                    continue;
                }

                var constraint = actual.Constraints.Single(c => c.Name == label);
                Close(ek.GetProperty("rhs"), constraint.Rhs, Lp, $"{where} {label} rhs");
                if (xUnique)
                {
                    Close(ek.GetProperty("lhs"), constraint.Lhs, Lp, $"{where} {label} lhs");
                }

                Assert.Equal(ek.GetProperty("active").GetBoolean(), constraint.Binding);
                if (unique)
                {
                    Close(ek.GetProperty("dual"), constraint.Dual, Lp, $"{where} {label} dual");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sweep_Case_MatchesExpected(string name)
    {
        var data = CaseData.Load(name);
        var summary = RunSummary.From(data.Run());
        var expected = data.Expected("sweep.json").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, summary.Sweep.Count);
        foreach (var e in expected)
        {
            var alpha = e.GetProperty("alpha").GetDouble();
            var budget = e.GetProperty("budget").GetDouble();
            var actual = summary.Sweep.Single(p => Math.Abs(p.Alpha - alpha) < 1e-12 && p.Budget == budget);
            Close(e.GetProperty("predicted_conversions"), actual.PredictedConversions, Lp, $"sweep alpha {alpha} budget {budget}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TransitionMatrix_Case_MatchesExpected(string name)
    {
        var data = CaseData.Load(name);
        var counts = data.Counts();
        var matrix = TransitionMatrix.FromCounts(counts);
        var expectedCounts = CaseData.ParseCsv(data.ExpectedText("transition_counts.csv")).ToArray();
        var expectedProbabilities = CaseData.ParseCsv(data.ExpectedText("transition_matrix.csv")).ToArray();
        Assert.Equal(expectedCounts[0].Skip(1), matrix.States);
        for (var i = 0; i < matrix.States.Count; i++)
        {
            Assert.Equal(matrix.States[i], expectedProbabilities[i + 1][0]);
            for (var j = 0; j < matrix.States.Count; j++)
            {
                var expectedCount = long.Parse(expectedCounts[i + 1][j + 1], CultureInfo.InvariantCulture);
                if (i < matrix.States.Count - 2)
                {
                    Assert.Equal(expectedCount, matrix.Counts[i, j]);
                }

                Close(double.Parse(expectedProbabilities[i + 1][j + 1], CultureInfo.InvariantCulture), matrix.Probabilities[i, j], Model, $"P[{matrix.States[i]},{matrix.States[j]}]");
            }
        }
    }

    [Fact]
    public void MessyNames_CleanEquivalent_GivesIdenticalSummary()
    {
        var messy = RunSummary.From(CaseData.Load("c_messy_names").Run());
        var clean = RunSummary.From(CaseData.Load(Path.Combine("c_messy_names", "clean_equivalent")).Run());

        // m3 has two rows at journey_step 2 (ordered by timestamp, as MODEL.md says): the one difference is the warning that says so.
        const string Repeated = "customer_journeys.journey_step: 1 journeys have two rows with the same (customer_id, journey_step); they are ordered by timestamp, then channel (example: journey_step 2 with channels 'Email' and 'Organic Search')";
        Assert.Equal([Repeated], messy.Warnings.Except(clean.Warnings));
        var withoutIt = messy with { Warnings = messy.Warnings.Where(w => w != Repeated).ToArray() };
        Assert.Equal(System.Text.Encoding.UTF8.GetString(clean.ToJsonBytes()), System.Text.Encoding.UTF8.GetString(withoutIt.ToJsonBytes()));
    }

    private static SummaryChannel Channel(RunSummary summary, string name) =>
        summary.Channels.SingleOrDefault(c => c.Channel == name) ?? throw new Xunit.Sdk.XunitException($"channel {name} missing from the summary");
}
