using System.Text.Json.Serialization;
using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// A solver outcome. Written as the artifacts have always named it: <c>Optimal</c>, <c>Infeasible</c>,
/// or GLOP's own name for a numerical stop (<c>ABNORMAL</c>, ...), in JSON and in every text.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SolveStatus>))]
public enum SolveStatus
{
    Optimal,
    Infeasible,

    /// <summary>An alpha of the sweep whose scale is undefined (MODEL.md section 4): nothing was solved.</summary>
    Undefined,
    [JsonStringEnumMemberName("FEASIBLE")] Feasible,
    [JsonStringEnumMemberName("UNBOUNDED")] Unbounded,
    [JsonStringEnumMemberName("ABNORMAL")] Abnormal,
    [JsonStringEnumMemberName("MODEL_INVALID")] ModelInvalid,
    [JsonStringEnumMemberName("NOT_SOLVED")] NotSolved,

    /// <summary>GLOP stopped at <see cref="RunLimits.SolveTimeLimit"/> without a proven optimum.</summary>
    [JsonStringEnumMemberName("TIME_LIMIT")] TimeLimit,
}

public static class SolveStatusText
{
    private static readonly EnumSpelling<SolveStatus> Spelling = EnumSpelling<SolveStatus>.FromJsonNames();

    /// <summary>The status as artifacts, reports and messages write it (the same text as its JSON).</summary>
    public static string Text(this SolveStatus status) => Spelling.Text(status);

    /// <summary>GLOP's result as a status; OPTIMAL and INFEASIBLE have their own members.</summary>
    public static SolveStatus From(Solver.ResultStatus status) => status switch
    {
        Solver.ResultStatus.OPTIMAL => SolveStatus.Optimal,
        Solver.ResultStatus.INFEASIBLE => SolveStatus.Infeasible,
        Solver.ResultStatus.FEASIBLE => SolveStatus.Feasible,
        Solver.ResultStatus.UNBOUNDED => SolveStatus.Unbounded,
        Solver.ResultStatus.ABNORMAL => SolveStatus.Abnormal,
        Solver.ResultStatus.MODEL_INVALID => SolveStatus.ModelInvalid,
        _ => SolveStatus.NotSolved,
    };
}
