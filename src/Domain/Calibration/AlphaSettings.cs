using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Calibration;

/// <summary>How alpha is chosen (MODEL.md section 4).</summary>
public sealed record AlphaSettings(AlphaMode Mode = AlphaMode.Search, double? FixedAlpha = null, double GridStep = 0.05)
{
    /// <summary>The grid <c>k · step</c>, <c>k = 0 … 1/step</c>, computed as <c>k / n</c> so that 0.35 is exactly 7/20.</summary>
    public IReadOnlyList<double> Grid()
    {
        Validate();
        var n = (int)Math.Round(1 / GridStep);
        return Enumerable.Range(0, n + 1).Select(k => k / (double)n).ToArray();
    }

    /// <summary>
    /// The mode every entry point (CLI, API, settings) uses: the one given, else fixed when an alpha is
    /// given alone, else search.
    /// </summary>
    public static AlphaMode ModeFor(AlphaMode? given, double? alpha) => given ?? (alpha is null ? AlphaMode.Search : AlphaMode.Fixed);

    public void Validate()
    {
        if (!(GridStep > 0 && GridStep <= 1) || Math.Abs((1 / GridStep) - Math.Round(1 / GridStep)) > 1e-9)
        {
            throw new ConfigurationException($"alpha_grid_step: {GridStep} must divide 1 into whole steps (e.g. 0.05, 0.1, 0.25)");
        }

        if (Mode == AlphaMode.Fixed)
        {
            if (FixedAlpha is not { } alpha)
            {
                throw new ConfigurationException("alpha mode 'fixed' needs an alpha (alpha_fixed)");
            }

            if (!(alpha >= 0 && alpha <= 1))
            {
                throw new ConfigurationException($"fixed alpha {alpha} must lie in [0, 1]");
            }
        }
        else if (FixedAlpha is { } ignored)
        {
            // Search picks alpha itself: an alpha given with it would be silently ignored.
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture, $"alpha {ignored} is used only with alpha mode fixed; alpha mode search picks alpha itself (leave out one of the two)"));
        }
    }
}
