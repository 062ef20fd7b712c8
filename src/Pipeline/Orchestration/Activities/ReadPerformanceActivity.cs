using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed class ReadPerformanceActivity(IJourneySource source) : TaskActivity<string, IReadOnlyList<ChannelPerformance>>
{
    public override Task<IReadOnlyList<ChannelPerformance>> RunAsync(TaskActivityContext context, string input) =>
        source.ReadPerformanceAsync();
}
