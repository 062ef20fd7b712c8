using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests.Goals;

/// <summary>Four channels with bounds, both default share rules and a value per conversion each, chosen so every goal has an interesting answer.</summary>
public static class GoalFixture
{
    public const double Budget = 50_000;

    // Linear value per dollar v·coef: Paid Search 1.5, Paid Social 1.2, Email 1.5, Display 0.8; CPA 1/coef: 100, 167, 67, 250.
    public static LinearResponse Response { get; } = new(0.5, 1,
    [
        new ChannelResponse("Paid Search", 0.010, 20_000, 5_000, 40_000, 0.4, 200),
        new ChannelResponse("Paid Social", 0.006, 15_000, 2_000, 30_000, 0.2, 90),
        new ChannelResponse("Email", 0.015, 5_000, 1_000, 12_000, 0.25, 75),
        new ChannelResponse("Display", 0.004, 10_000, 0, 25_000, 0.15, 40),
    ]);

    public static IReadOnlyList<ShareConstraint> Rules { get; } =
    [
        new("Paid", ["Paid Search", "Paid Social"], ShareBound.AtLeast, 0.30),
        new("Social+Display", ["Paid Social", "Display"], ShareBound.AtMost, 0.40),
    ];

    public static ConversionValues Values { get; } = new(
        new Dictionary<string, double>(StringComparer.Ordinal) { ["Paid Search"] = 150, ["Paid Social"] = 200, ["Email"] = 100, ["Display"] = 200 },
        140);

    public static ResponseSettings Curves(ResponseMode mode) => mode == ResponseMode.Linear ? ResponseSettings.Linear : new ResponseSettings(ResponseMode.Saturating, Segments: 64);
}
