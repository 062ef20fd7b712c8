namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary><c>spend_history</c> of run_manifest.json: the channel_spend_history rows read, and the weeks of the longest channel series fitted (at most 104).</summary>
public sealed record ManifestSpendHistory(int Rows, int Weeks);
