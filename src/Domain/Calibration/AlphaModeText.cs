using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Calibration;

public static class AlphaModeText
{
    private static readonly EnumSpelling<AlphaMode> Spelling = new(AlphaMode.Search, (AlphaMode.Search, "search"), (AlphaMode.Fixed, "fixed"));

    /// <summary>The mode as Run__AlphaMode, the request's alpha_mode and summary.json write it.</summary>
    public static string Text(this AlphaMode mode) => Spelling.Text(mode);

    public static AlphaMode Parse(string text, string setting) => Spelling.Parse(text, setting);
}
