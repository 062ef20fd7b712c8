using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

public static class ShareBoundText
{
    public const string MinShare = "min_share";
    public const string MaxShare = "max_share";

    private static readonly EnumSpelling<ShareBound> Spelling = EnumSpelling<ShareBound>.FromJsonNames();

    /// <summary>The bound as the constraints JSON, summary.json, the manifest and the budget Parquet name it (its JSON name).</summary>
    public static string Text(this ShareBound bound) => Spelling.Text(bound);
}
