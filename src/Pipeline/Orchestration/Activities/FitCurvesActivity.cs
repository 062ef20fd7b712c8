using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Reads channel_spend_history and fits each channel's curve (MODEL.md section 11), beside attribution. It reads the
/// table itself so that a hundred thousand rows never pass through the orchestration's history, and keeps the curves
/// whole in the run's work area (each replicate's κ draws, each curve's weekly points), so the answer is their summary.
/// </summary>
public sealed class FitCurvesActivity(IJourneySource source, IRunWorkStore work) : TaskActivity<FitCurvesRequest, FitCurvesResponse>
{
    public override async Task<FitCurvesResponse> RunAsync(TaskActivityContext context, FitCurvesRequest input)
    {
        var history = await source.ReadSpendHistoryAsync();
        var fit = Run(input, history);
        return fit.Curves is { } curves
            ? FitCurvesResponse.InWorkArea(curves, await work.PutCurvesAsync(input.RunId, curves), fit.Warnings)
            : fit;
    }

    public static FitCurvesResponse Run(FitCurvesRequest input, Domain.ResponseFitting.SpendHistory? history)
    {
        var warnings = new List<string>();
        var curves = MarkovEngine.Steps.FitCurves(history, ChannelPerformanceTable.Create(input.Performance), input.Parameters.ToSettings(), warnings);
        return new FitCurvesResponse(curves, warnings);
    }
}
