namespace MarkovFunctions.Domain.Optimisation;

public static class ShareBoundText
{
    /// <summary>The bound as the constraints JSON, summary.json and the budget Parquet name it.</summary>
    public static string Text(this ShareBound bound) => bound == ShareBound.AtLeast ? MinShare : MaxShare;

    public const string MinShare = "min_share";
    public const string MaxShare = "max_share";
}
