using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class OptimiseBudgetActivity : TaskActivity<OptimiseRequest, OptimiseResponse>
{
    public override Task<OptimiseResponse> RunAsync(TaskActivityContext context, OptimiseRequest input) => Task.FromResult(Run(input));

    public static OptimiseResponse Run(OptimiseRequest input)
    {
        var (result, sweep) = MarkovEngine.Steps.Optimise(
            input.Budget, input.Alpha, input.Grid, input.Attribution, ChannelPerformanceTable.Create(input.Performance), input.Constraints, input.Response);
        return new OptimiseResponse(result, sweep);
    }
}
