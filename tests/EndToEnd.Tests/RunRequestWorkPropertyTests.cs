using System.Globalization;
using System.Text.Json;
using CsCheck;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Random <c>POST /api/runs</c> bodies around the limits of <see cref="RunLimits"/>: an accepted one plans
/// no more LPs and payload bytes than the README states; a refused one names the field.
/// </summary>
public sealed class RunRequestWorkPropertyTests
{
    /// <summary>The stated bound on the alpha grids copied into the budget activities: 50 budgets × 101 alphas × 24 bytes.</summary>
    private const long MaxGridPayloadBytes = RunLimits.MaxBudgets * RunLimits.MaxAlphaPoints * 24L;

    /// <summary>The stated bound on the orchestration's input (the run parameters in the durable history).</summary>
    private const long MaxInputPayloadBytes = RunsApi.MaxBodyBytes + (4 * 1024);

    private static readonly RunOptions Defaults = new() { ["Budgets"] = "30000" };

    private static readonly Gen<string> Body =
        Gen.Select(
            Gen.Int[1, 60].SelectMany(n => Gen.Double[1e-6, 1e15].Array[n]),
            Gen.OneOf(Gen.Int[1, 120].Select(n => 1.0 / n), Gen.Double[0.001, 1]),
            Gen.Bool,
            Gen.Int[1, 260],
            Gen.OneOf(Gen.Int[0, 300], Gen.Int[0, 12_000]),
            Gen.Int[1, 256])
        .Select((budgets, step, saturating, segments, intervals, partitions) =>
            string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"budgets": [{{string.Join(", ", budgets.Select(b => b.ToString("R", CultureInfo.InvariantCulture)))}}], "alpha_grid_step": {{step.ToString("R", CultureInfo.InvariantCulture)}}, "response_mode": "{{(saturating ? "saturating" : "linear")}}", "segments": {{segments}}, "intervals": {{intervals}}, "partitions": {{partitions}}}"""));

    [Fact]
    public void ParseRunRequest_RandomBodies_AcceptedPlanUnderTheBoundOrRefusalNamesTheField()
    {
        var accepted = 0;
        var refused = 0;
        Body.Sample(
            body =>
            {
                RunParameters parameters;
                try
                {
                    // What POST /api/runs does before it starts anything.
                    parameters = RunRequest.Parse(body, Defaults, DateTimeOffset.UnixEpoch);
                    parameters.Validate();
                }
                catch (Exception ex) when (ex is ConfigurationException or FormatException)
                {
                    refused++;
                    Assert.Matches("^(budgets|alpha_grid_step|segments|intervals)[ :]", ex.Message);
                    return;
                }

                accepted++;
                var settings = parameters.ToSettings();
                Assert.True(RunLimits.PlannedLps(settings) <= RunLimits.MaxPlannedLps, $"{RunLimits.PlannedLps(settings):N0} LPs planned: {body}");
                Assert.True(RunLimits.IntervalLpSegments(settings) <= RunLimits.MaxIntervalLpSegments, body);
                var gridBytes = JsonSerializer.SerializeToUtf8Bytes(parameters.Alpha.Grid()).LongLength * parameters.Budgets.Count;
                Assert.True(gridBytes <= MaxGridPayloadBytes, $"{gridBytes:N0} grid bytes: {body}");
                var inputBytes = JsonSerializer.SerializeToUtf8Bytes(new PipelineInput("adhoc", parameters)).LongLength;
                Assert.True(inputBytes <= MaxInputPayloadBytes, $"{inputBytes:N0} input bytes: {body}");
            },
            iter: 2_000);

        // Both sides of every limit were drawn.
        Assert.True(accepted > 100 && refused > 100, $"accepted {accepted}, refused {refused}");
    }
}
