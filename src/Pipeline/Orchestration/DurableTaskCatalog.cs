using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The orchestrators and activities a host registers. Implementations are written against the
/// Durable Task SDK (<see cref="TaskOrchestrator{TInput,TOutput}"/>, <see cref="TaskActivity{TInput,TOutput}"/>),
/// so the same classes run in the Functions app (through its [Function] wrappers) and on the SDK's
/// in-process test host in the orchestrator tests, and a host creates one instance per work item.
/// </summary>
public sealed class DurableTaskCatalog
{
    public DurableTaskCatalog(IEnumerable<DurableTaskRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        All = registrations.ToList();
        foreach (var registration in All)
        {
            Validate(registration);
        }

        var repeated = All.GroupBy(r => (r.Kind, r.Name)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"{repeated.Key.Kind} '{repeated.Key.Name}' is registered twice", nameof(registrations));
        }

        Orchestrators = All.Where(r => r.Kind == DurableTaskKind.Orchestrator).ToList();
        Activities = All.Where(r => r.Kind == DurableTaskKind.Activity).ToList();
    }

    public IReadOnlyList<DurableTaskRegistration> All { get; }

    public IReadOnlyList<DurableTaskRegistration> Orchestrators { get; }

    public IReadOnlyList<DurableTaskRegistration> Activities { get; }

    private static void Validate(DurableTaskRegistration registration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Name);
        var contract = registration.Kind == DurableTaskKind.Orchestrator ? typeof(ITaskOrchestrator) : typeof(ITaskActivity);
        if (!contract.IsAssignableFrom(registration.Implementation) || registration.Implementation.IsAbstract)
        {
            throw new ArgumentException(
                $"{registration.Kind} '{registration.Name}': {registration.Implementation} is no concrete {contract.Name}");
        }
    }
}
