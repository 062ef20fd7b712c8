namespace MarkovFunctions.Pipeline.Configuration;

/// <summary>A settings class that can say which of its settings are missing or wrong, by key.</summary>
public interface ISettingsValidation
{
    IEnumerable<string> Problems();
}
