using System.Text.Json;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask.Converters;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// The settings records travel whole through the durable history: each payload that carries one comes
/// back equal after the Durable SDK's own converter (<see cref="JsonDataConverter.Default"/>, what the
/// in-process engine and the worker use unless told otherwise) and after System.Text.Json's web
/// defaults (camelCase, case-insensitive), so a host configured either way reads what it wrote.
/// </summary>
public sealed class PayloadSerializationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<ChannelPerformance> Performance =
    [
        new("Paid Search", 4000, 80, 50, 1000, 8000, 20),
        new("Paid Social", 3000, 40, 75, 500, 6000, 13),
        new("Email", 1000, 30, 33, 0, 2000, 30),
    ];

    public static TheoryData<string> Converters => ["durable", "web"];

    [Theory]
    [MemberData(nameof(Converters))]
    public void ConstraintConfiguration_FullAndShortForm_RoundTripsAndResolvesTheSame(string converter)
    {
        foreach (var json in new[]
        {
            """{"constraints": [{"name": "Video", "channels": ["paid social"], "min_share": 0.1, "max_share": 0.5}]}""",
            """{"PAID": ["Paid Search"]}""",
        })
        {
            var parsed = ConstraintConfiguration.Parse(json);
            var request = new AttributeRequest("run", [], Performance, parsed);
            var back = RoundTrip(request, converter);

            Assert.Equal(json, back.Constraints.Source);
            Assert.Equal(Resolve(parsed), Resolve(back.Constraints));
            Assert.Equal(Serialize(request, converter), Serialize(back, converter));
        }

        var defaults = RoundTrip(new AttributeRequest("run", [], Performance, ConstraintConfiguration.Default), converter);
        Assert.Null(defaults.Constraints.Source);
        Assert.Equal(Resolve(ConstraintConfiguration.Default), Resolve(defaults.Constraints));
    }

    [Theory]
    [MemberData(nameof(Converters))]
    public void CalibrateAndOptimiseRequests_CarryTheirSettingsWhole(string converter)
    {
        var attribution = new AttributionResult(0.2, 10, 2, 20, [new ChannelAttribution("Email", 0.5, 1, 2, 20, 1, 1, 1, 1, 1)], []);
        var alpha = new AlphaSettings(AlphaMode.Fixed, 0.35, 0.05);
        var calibrate = RoundTrip(new CalibrateRequest("run", attribution, Performance, alpha), converter);
        Assert.Equal(alpha, calibrate.Alpha);

        var response = new ResponseSettings(ResponseMode.Saturating, 1.5, new Dictionary<string, double> { ["Email"] = 2 }, 32);
        var optimise = RoundTrip(
            new OptimiseRequest("run", 30000, 0.35, [0, 0.5, 1], attribution, Performance, [new ShareConstraint("Paid", ["Paid Search"], ShareBound.AtLeast, 0.3)], response),
            converter);
        Assert.Equal((response.Mode, response.Kappa, response.Segments), (optimise.Response.Mode, optimise.Response.Kappa, optimise.Response.Segments));
        Assert.Equal(response.KappaOverrides, optimise.Response.KappaOverrides);
        Assert.Equal(2, optimise.Response.KappaFor("Email"));
    }

    /// <summary>Fitted mode's optimise request carries each fitted channel's κ and its interval, the cautious curve's ends (MODEL.md section 11).</summary>
    [Theory]
    [MemberData(nameof(Converters))]
    public void OptimiseRequest_FittedMode_CarriesTheKappaIntervals(string converter)
    {
        var attribution = new AttributionResult(0.2, 10, 2, 20, [new ChannelAttribution("Email", 0.5, 1, 2, 20, 1, 1, 1, 1, 1)], []);
        var response = new ResponseSettings(ResponseMode.Fitted)
        {
            FittedKappas = new Dictionary<string, double> { ["Email"] = 1.4 },
            FittedKappaIntervals = new Dictionary<string, KappaInterval> { ["Email"] = new(0.9, 2.1) },
        };

        var back = RoundTrip(new OptimiseRequest("run", 30000, 0.35, [0, 0.5, 1], attribution, Performance, [], response), converter).Response;

        Assert.Equal(response.FittedKappas, back.FittedKappas);
        Assert.Equal(response.FittedKappaIntervals, back.FittedKappaIntervals);
        var email = new Domain.Calibration.ChannelResponse("Email", 0.004, 10_000, 5_000, 20_000, 0.5, 40);
        Assert.Equal(SaturatingCurve.Cautious(email, 0.9, 2.1), back.CurveFor(email));
    }

    [Theory]
    [MemberData(nameof(Converters))]
    public void PipelineInput_WithParsedConstraints_RoundTrips(string converter)
    {
        var parameters = RunRequest.Parse(
            """{"budgets": [45000], "constraints": [{"name": "Video", "channels": ["Paid Social"], "max_share": 0.4}]}""",
            new RunOptions { ["Budgets"] = "30000" },
            Now);
        var back = RoundTrip(new PipelineInput("adhoc", parameters), converter).Parameters;

        Assert.Equal(parameters.Constraints!.Source, back.Constraints!.Source);
        Assert.Equal(Resolve(parameters.Constraints), Resolve(back.Constraints));
        Assert.Equal(parameters.Budgets, back.Budgets);
        back.Validate();
    }

    private static string[] Resolve(ConstraintConfiguration configuration) =>
        configuration.Resolve(Performance.Select(p => p.Channel).ToArray(), new List<string>()).Select(c => $"{c.Name} {c.Bound} {c.Share} {string.Join("+", c.Channels)}").ToArray();

    /// <summary>The curve fit's answer comes back whole: every channel's numbers, the holdout and each replicate's κ draws.</summary>
    [Theory]
    [MemberData(nameof(Converters))]
    public void FitCurvesResponse_RoundTripsWithItsDraws(string converter)
    {
        var truths = Performance.Select((p, i) => new Domain.Sampling.CurveTruth(p.Channel, p.CurrentMonthlySpend * 12 / 52, 0.8 + i, 0.2 * i, 5, 60)).ToArray();
        var history = Domain.ResponseFitting.SpendHistory.Create(Domain.Sampling.SpendHistoryGenerator.Generate(truths, new DateOnly(2026, 11, 23), 3));
        var parameters = new RunParameters([9000], ResponseMode: ResponseMode.Fitted, IntervalReplicates: 5);
        var response = FitCurvesActivity.Run(new FitCurvesRequest("run", Performance, parameters), history);

        var back = RoundTrip(response, converter);

        Assert.Equal(Serialize(response, converter), Serialize(back, converter));
        Assert.Equal(3, back.Curves!.Channels.Count(c => c.IsFitted));
        Assert.Equal(response.Curves!.FittedKappas(), back.Curves.FittedKappas());
        Assert.Equal(5, back.Curves.Draws.Count);
        Assert.Equal(response.Curves.Draws[4]["Email"], back.Curves.Draws[4]["Email"]);
        Assert.Equal(response.Curves.Holdout, back.Curves.Holdout);
    }

    /// <summary>
    /// With the curves in the run's work area, the fit's answer is their summary: every channel's numbers, no κ draws and no
    /// weekly points; it round-trips, and a request built from it carries the name, not the curves.
    /// </summary>
    [Theory]
    [MemberData(nameof(Converters))]
    public void FitCurvesResponse_InWorkArea_CarriesTheSummaryAndTheName(string converter)
    {
        var truths = Performance.Select((p, i) => new Domain.Sampling.CurveTruth(p.Channel, p.CurrentMonthlySpend * 12 / 52, 0.8 + i, 0.2 * i, 5, 60)).ToArray();
        var history = Domain.ResponseFitting.SpendHistory.Create(Domain.Sampling.SpendHistoryGenerator.Generate(truths, new DateOnly(2026, 11, 23), 3));
        var parameters = new RunParameters([9000], ResponseMode: ResponseMode.Fitted, IntervalReplicates: 200);
        var whole = FitCurvesActivity.Run(new FitCurvesRequest("run", Performance, parameters), history).Curves!;

        var response = FitCurvesResponse.InWorkArea(whole, "work/20261206_120000_0000abcd/curves.json", []);
        var back = RoundTrip(response, converter);

        Assert.Equal("work/20261206_120000_0000abcd/curves.json", back.Work);
        Assert.Null(back.Inline());
        Assert.Empty(back.Curves!.Draws);
        Assert.All(back.Curves.Channels, c => Assert.Null(c.Chart));
        Assert.Equal(whole.FittedKappas(), back.Curves.FittedKappas());
        Assert.Equal(whole.Channels.Select(c => c with { Chart = null }), back.Curves.Channels);
        Assert.Equal(whole.Holdout, back.Curves.Holdout);
        // Three channels' 200 draws and 104 weeks each are most of the whole; the summary is under a thousand characters a channel.
        Assert.True(Serialize(back, converter).Length < 1_000 * Performance.Count, Serialize(back, converter));
        Assert.True(Serialize(new FitCurvesResponse(whole, []), converter).Length > 10 * Serialize(back, converter).Length);
    }

    /// <summary>
    /// The intervals activity's answer with the result in the run's work area: the summary (no replicate models) and the
    /// name round-trip, and a publish request built from it carries the name, not the result.
    /// </summary>
    [Theory]
    [MemberData(nameof(Converters))]
    public void IntervalsResponse_InWorkArea_CarriesTheSummaryAndTheName(string converter)
    {
        var whole = SampleIntervals(replicates: 40);

        var back = RoundTrip(IntervalsResponse.InWorkArea(whole, "work/20261206_120000_0000abcd/intervals.json"), converter);

        Assert.Equal("work/20261206_120000_0000abcd/intervals.json", back.Work);
        Assert.Null(back.Inline());
        Assert.Empty(back.Summary.Models);
        Assert.Equal(Serialize(whole with { Models = [] }, converter), Serialize(back.Summary, converter));
        // 40 replicates' models are most of the whole even at this case's few channels.
        Assert.True(Serialize(whole, converter).Length > 2 * Serialize(back, converter).Length);
    }

    /// <summary>
    /// A history written before the work area held the result: the activity's output is the <see cref="Domain.Uncertainty.IntervalResult"/>
    /// itself, and it reads as carried inline (no name), replicate models and all; a null output stays null.
    /// </summary>
    [Theory]
    [MemberData(nameof(Converters))]
    public void IntervalsResponse_OldOutputShape_ReadsAsTheWholeResultInline(string converter)
    {
        var whole = SampleIntervals(replicates: 40);
        var old = Serialize(whole, converter);

        var back = converter == "durable"
            ? (IntervalsResponse)JsonDataConverter.Default.Deserialize(old, typeof(IntervalsResponse))!
            : JsonSerializer.Deserialize<IntervalsResponse>(old, JsonSerializerOptions.Web)!;

        Assert.Null(back.Work);
        Assert.Same(back.Summary, back.Inline());
        Assert.Equal(40, back.Summary.Models.Count);
        Assert.Equal(old, Serialize(back.Summary, converter));
        Assert.Null(converter == "durable" ? JsonDataConverter.Default.Deserialize("null", typeof(IntervalsResponse)) : JsonSerializer.Deserialize<IntervalsResponse>("null", JsonSerializerOptions.Web));
    }

    /// <summary>A small case's bootstrap result, the CSV path's, with <paramref name="replicates"/> replicate models.</summary>
    internal static Domain.Uncertainty.IntervalResult SampleIntervals(int replicates)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Cases", "f_paid_share_binds");
        var counts = Csv.JourneyCsvReader.Count(Path.Combine(folder, "journeys.csv"), bootstrapGroups: 200);
        var performance = Csv.PerformanceCsvReader.Read(Path.Combine(folder, "channel_performance.csv"));
        var settings = new RunParameters([performance.Rows.Sum(r => r.CurrentMonthlySpend)], IntervalReplicates: replicates, IntervalSeed: 7).ToSettings();
        var intervals = Domain.MarkovEngine.Run(counts, performance, settings).Intervals!;
        Assert.Equal(replicates, intervals.Models.Count);
        return intervals;
    }

    private static T RoundTrip<T>(T value, string converter)
        where T : class =>
        converter == "durable"
            ? (T)JsonDataConverter.Default.Deserialize(JsonDataConverter.Default.Serialize(value), typeof(T))!
            : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

    private static string Serialize<T>(T value, string converter) =>
        converter == "durable" ? JsonDataConverter.Default.Serialize(value)! : JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
