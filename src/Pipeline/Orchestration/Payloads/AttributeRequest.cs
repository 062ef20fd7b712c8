using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <param name="Partitions">The names of the extract partitions' counts in the run's work area.</param>
/// <param name="Constraints">The share rules as configured, parsed once where the run was asked for; resolved to channels here.</param>
/// <param name="Order">The chain's order, fixed or chosen here on held-out customers (docs/MODEL.md sections 12 and 13).</param>
public sealed record AttributeRequest(string RunId, IReadOnlyList<string> Partitions, IReadOnlyList<ChannelPerformance> Performance, ConstraintConfiguration Constraints, Domain.Counting.MarkovOrder Order = default);
