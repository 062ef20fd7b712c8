namespace MarkovFunctions.Pipeline.Orchestration;

public enum DurableTaskKind
{
    Orchestrator,
    Activity,
}
