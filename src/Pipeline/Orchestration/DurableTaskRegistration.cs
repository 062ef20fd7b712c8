using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>One orchestrator or activity: the name it is called by and the class that implements it.</summary>
public sealed record DurableTaskRegistration(string Name, DurableTaskKind Kind, Type Implementation)
{
    public static DurableTaskRegistration Orchestrator<T>(string name)
        where T : class, ITaskOrchestrator => new(name, DurableTaskKind.Orchestrator, typeof(T));

    public static DurableTaskRegistration Activity<T>(string name)
        where T : class, ITaskActivity => new(name, DurableTaskKind.Activity, typeof(T));
}
