using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record CalibrateRequest(string RunId, AttributionResult Attribution, IReadOnlyList<ChannelPerformance> Performance, AlphaSettings Alpha);
