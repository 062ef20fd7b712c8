using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Each channel's curve (null without history) and what the run should say about them. With a history the
/// curves are whole in the run's work area (<see cref="Work"/>) and <see cref="Curves"/> is their summary:
/// every channel's numbers, without each replicate's κ draws or the weekly points the report draws.
/// </summary>
public sealed record FitCurvesResponse(ResponseCurves? Curves, IReadOnlyList<string> Warnings)
{
    /// <summary>The name of the whole curves in the run's work area; null when <see cref="Curves"/> are whole (a history written before the work area held them).</summary>
    public string? Work { get; init; }

    /// <summary>What a later request carries of the curves itself: nothing when they are in the work area (it carries <see cref="Work"/>).</summary>
    public ResponseCurves? Inline() => Work is null ? Curves : null;

    /// <summary>The answer for curves written whole to <paramref name="work"/>: the summary travels, the draws and weekly points stay there.</summary>
    public static FitCurvesResponse InWorkArea(ResponseCurves curves, string work, IReadOnlyList<string> warnings) =>
        new(curves with { Draws = [], Channels = [.. curves.Channels.Select(c => c with { Chart = null })] }, warnings) { Work = work };
}
