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
        // Fitted mode plans on the curves fitted before this step; without them it must not fall back to assumed ones silently.
        if (input.Response.Mode == Domain.Optimisation.ResponseMode.Fitted && input.Response.FittedKappas is null)
        {
            throw new InputValidationException(Domain.ResponseFitting.SpendHistory.Table, null, "response mode fitted needs the curves fitted from this table, and none were fitted for this run");
        }

        var (result, sweep) = MarkovEngine.Steps.Optimise(
            input.Budget, input.Alpha, input.Grid, input.Attribution, ChannelPerformanceTable.Create(input.Performance), input.Constraints, input.Response, input.Goal, input.Values);
        return new OptimiseResponse(result, sweep);
    }
}
