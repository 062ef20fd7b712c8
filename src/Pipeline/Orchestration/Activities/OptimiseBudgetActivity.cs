using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class OptimiseBudgetActivity : TaskActivity<OptimiseRequest, OptimiseResponse>
{
    public override Task<OptimiseResponse> RunAsync(TaskActivityContext context, OptimiseRequest input) => Task.FromResult(Run(input));

    public static OptimiseResponse Run(OptimiseRequest input)
    {
        // A value goal on data without conversion values is refused here, naming the column (a permanent failure).
        input.Values?.CheckUsableFor(input.Goal?.Goal ?? Domain.Optimisation.Goal.Conversions);
        var (result, sweep) = MarkovEngine.Steps.Optimise(
            input.Budget, input.Alpha, input.Grid, input.Attribution, ChannelPerformanceTable.Create(input.Performance), input.Constraints, input.Response, input.Goal, input.Values);
        return new OptimiseResponse(result, sweep);
    }
}
