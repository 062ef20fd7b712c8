using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record AttributeRequest(string RunId, IReadOnlyList<JourneyCounts> Partitions, IReadOnlyList<ChannelPerformance> Performance, string? ConstraintsJson);
