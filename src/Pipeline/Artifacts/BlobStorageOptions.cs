namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// Where the blob artifact store writes. Locally (Azurite, tests) a connection string; in Azure the
/// account URI and the app's managed identity through <c>DefaultAzureCredential</c>, so that no key
/// is ever configured (the storage account has shared-key access off).
/// Bound from the <c>Artifacts</c> configuration section (<c>Artifacts__ConnectionString</c>, ...).
/// </summary>
public sealed record BlobStorageOptions
{
    public const string SectionName = "Artifacts";

    /// <summary>A storage connection string (Azurite). Takes precedence over <see cref="AccountUri"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The blob endpoint, e.g. <c>https://account.blob.core.windows.net</c>.</summary>
    public Uri? AccountUri { get; init; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; init; }

    public string ContainerName { get; init; } = "markov";

    /// <summary>Create the container on first use. Off in Azure when the identity may only read and write blobs.</summary>
    public bool CreateContainerIfMissing { get; init; } = true;

    /// <summary>Fails with the setting's name when the options cannot work, so a host fails at start-up.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && AccountUri is null)
        {
            throw new InvalidOperationException(
                $"{SectionName}__ConnectionString or {SectionName}__AccountUri must be set to publish artifacts to blob storage");
        }

        if (AccountUri is { IsAbsoluteUri: false })
        {
            throw new InvalidOperationException($"{SectionName}__AccountUri must be an absolute URI");
        }

        // Container names: 3-63 characters, lower-case letters, digits and single hyphens.
        var name = ContainerName;
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new InvalidOperationException($"{SectionName}__ContainerName '{name}' is not a valid blob container name");
        }
    }
}
