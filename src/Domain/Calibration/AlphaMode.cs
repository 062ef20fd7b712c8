namespace MarkovFunctions.Domain.Calibration;

public enum AlphaMode
{
    /// <summary>Search the grid for the alpha with the smallest SMAPE.</summary>
    Search,

    /// <summary>Use the configured alpha.</summary>
    Fixed,
}
