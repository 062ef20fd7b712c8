using System.Text.Json;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>
/// One run option, defined once: its names on every surface (the <c>Run__</c> setting, the
/// <c>POST /api/runs</c> field, the <c>markov run</c> flag), its default, its description (README,
/// settings catalog) and how its value is read from text and from JSON (with the limits the reader
/// checks) and applied to the run's parameters. <see cref="RunOptionCatalog"/> lists them all.
/// </summary>
/// <param name="Setting">The setting's name under the <c>Run</c> section (<c>Run__HalfLifeDays</c>).</param>
/// <param name="Field">The request field, or null when requests cannot set it.</param>
/// <param name="Flag">The <c>markov run</c> flag, or null when the CLI does not offer it.</param>
/// <param name="Default">The default as text (read by <see cref="FromText"/>), or null for none.</param>
/// <param name="Shown">The default as the README and settings catalog show it.</param>
/// <param name="FromText">Reads a setting's or a flag's text, naming the setting or flag it came from.</param>
/// <param name="FromJson">Reads a request field, naming the field.</param>
/// <param name="Apply">Sets the value on the parameters; the window's options also get the run's as-of time.</param>
public sealed record RunOption(
    string Setting,
    string? Field,
    string? Flag,
    string? Default,
    string Shown,
    string Description,
    Func<string?, string, object?> FromText,
    Func<JsonElement, string, object?> FromJson,
    Func<RunParameters, object?, DateTimeOffset, RunParameters> Apply)
{
    /// <summary>The app setting's key, e.g. <c>Run__HalfLifeDays</c>.</summary>
    public string SettingKey => RunOptions.Section + "__" + Setting;

    /// <summary>Whether a run needs it set (it has no default).</summary>
    public bool Required { get; init; }

    /// <summary>The flag names a file whose content is the value (<c>--groups groups.json</c>).</summary>
    public bool FlagIsFile { get; init; }
}
