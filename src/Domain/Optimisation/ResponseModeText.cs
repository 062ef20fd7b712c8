using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

public static class ResponseModeText
{
    private static readonly EnumSpelling<ResponseMode> Spelling = new(ResponseMode.Linear, (ResponseMode.Linear, "linear"), (ResponseMode.Saturating, "saturating"), (ResponseMode.Fitted, "fitted"));

    /// <summary>The mode as Run__ResponseMode, the request's response_mode and summary.json write it.</summary>
    public static string Text(this ResponseMode mode) => Spelling.Text(mode);

    public static ResponseMode Parse(string text, string setting) => Spelling.Parse(text, setting);
}
