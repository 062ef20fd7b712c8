using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <param name="Constraints">The share rules as configured, parsed once where the run was asked for; resolved to channels here.</param>
public sealed record AttributeRequest(string RunId, IReadOnlyList<JourneyCounts> Partitions, IReadOnlyList<ChannelPerformance> Performance, ConstraintConfiguration Constraints);
