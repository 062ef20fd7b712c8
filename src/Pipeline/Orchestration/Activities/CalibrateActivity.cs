using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class CalibrateActivity : TaskActivity<CalibrateRequest, CalibrationResult>
{
    public override Task<CalibrationResult> RunAsync(TaskActivityContext context, CalibrateRequest input) => Task.FromResult(Run(input));

    public static CalibrationResult Run(CalibrateRequest input) => MarkovEngine.Steps.Calibrate(
        input.Attribution, ChannelPerformanceTable.Create(input.Performance), input.Alpha);
}
