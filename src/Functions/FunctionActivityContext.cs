using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MarkovFunctions.Functions;

/// <summary>
/// What an activity class sees of its invocation when a [Function] wrapper runs it, the same as the
/// Durable Task worker gives it: the activity's name and the orchestration instance that called it.
/// </summary>
internal sealed class FunctionActivityContext(string name, FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = new(name);

    public override string InstanceId { get; } =
        function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? string.Empty : string.Empty;
}
