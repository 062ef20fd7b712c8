using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The orchestrator's step bracket, written once: the step a run is in (its custom status, and what a
/// failure is blamed on) and each finished step's timing. Rebuilt on every replay from the context's
/// deterministic time, so it is orchestration state without being history.
/// </summary>
internal sealed class RunSteps(TaskOrchestrationContext context)
{
    private readonly List<StepTiming> _timings = [];

    /// <summary>The step the run is in; a failure now is reported as a failure of it.</summary>
    public string Current { get; private set; } = "extract";

    /// <summary>The steps finished so far, in order.</summary>
    public IReadOnlyList<StepTiming> Timings => _timings;

    /// <summary>Enters <paramref name="step"/>, runs it (given its start time) and records its timing once it succeeds.</summary>
    public async Task<T> RunAsync<T>(string step, Func<DateTime, Task<T>> body)
    {
        Enter(step);
        var started = context.CurrentUtcDateTime;
        var result = await body(started);
        _timings.Add(new StepTiming(step, started, context.CurrentUtcDateTime));
        return result;
    }

    /// <summary>Enters a step that is shown as the run's status but not timed (notify).</summary>
    public void Enter(string step)
    {
        Current = step;
        context.SetCustomStatus(new RunProgress(step));
    }

    /// <summary>Blames what fails next on <paramref name="step"/> without showing it as the status (housekeeping; the fit's history read is the extract's).</summary>
    public void Blame(string step) => Current = step;
}
