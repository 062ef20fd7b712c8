using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.ResponseFitting;

public static class CurveStatusText
{
    private static readonly EnumSpelling<CurveStatus> Spelling = new(CurveStatus.Assumed, (CurveStatus.Fitted, "fitted"), (CurveStatus.Assumed, "assumed"));

    /// <summary>The status as summary.json and the Parquet artifact write it.</summary>
    public static string Text(this CurveStatus status) => Spelling.Text(status);
}
