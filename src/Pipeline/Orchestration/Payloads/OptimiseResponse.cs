using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record OptimiseResponse(BudgetResult Result, IReadOnlyList<SweepPoint> Sweep);
