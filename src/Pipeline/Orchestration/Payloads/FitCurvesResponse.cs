using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Each channel's curve (null without history) and what the run should say about them.</summary>
public sealed record FitCurvesResponse(ResponseCurves? Curves, IReadOnlyList<string> Warnings);
