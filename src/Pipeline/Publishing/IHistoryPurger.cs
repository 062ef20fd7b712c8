namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Deletes what a durable history keeps of finished instances.</summary>
public interface IHistoryPurger
{
    Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}
