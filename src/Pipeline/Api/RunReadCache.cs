using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BitFaster.Caching;
using BitFaster.Caching.Lru;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>
/// What <c>GET /api/recommendation</c> and <c>POST /api/evaluate</c> keep between requests, one per
/// app: each run's summary and model, read and parsed once; each budget solved on demand (its point LP
/// and one LP per replicate), solved once; each plan evaluated, once. Keys start with the run id, and a
/// run folder never changes once written, so nothing needs invalidating: when <c>latest.json</c> moves
/// (it is read on every request) the next request asks for the new run's keys. Each cache is an LRU of
/// a fixed number of entries; concurrent requests for one key wait for one computation (a failed one is
/// not kept, so the next request tries again), and at most one on-demand computation per core runs at once.
/// </summary>
public sealed class RunReadCache
{
    /// <summary>Runs whose summary and model are kept (the latest, the one before a roll-back, a few evaluated by id).</summary>
    public const int MaxRuns = 8;

    /// <summary>Budgets solved on demand that are kept, over all runs (a few KB each).</summary>
    public const int MaxBudgets = 1_000;

    /// <summary>Plan evaluations that are kept, over all runs (a few KB each; keyed by a hash of the plan, not the plan).</summary>
    public const int MaxEvaluations = 1_000;

    private readonly IAsyncCache<string, RunSummary> _summaries = Build<string, RunSummary>(MaxRuns);
    private readonly IAsyncCache<string, RecommendationModel> _models = Build<string, RecommendationModel>(MaxRuns);
    private readonly IAsyncCache<(string Run, double Budget), SummaryBudget> _budgets = Build<(string, double), SummaryBudget>(MaxBudgets);
    private readonly IAsyncCache<(string Run, string Plan), PlanEvaluation> _evaluations = Build<(string, string), PlanEvaluation>(MaxEvaluations);

    // The LPs of different budgets would otherwise run side by side, one per waiting request, and starve each other.
    private readonly SemaphoreSlim _solving = new(Math.Max(1, Environment.ProcessorCount));

    private long _summaryReads;
    private long _modelReads;
    private long _budgetSolves;
    private long _planEvaluations;

    /// <summary>Summaries read and parsed from a run folder (not served from the cache).</summary>
    public long SummaryReads => Interlocked.Read(ref _summaryReads);

    /// <summary>Models read and parsed from a run folder.</summary>
    public long ModelReads => Interlocked.Read(ref _modelReads);

    /// <summary>Budgets solved on demand (the point LP and the replicates' LPs).</summary>
    public long BudgetSolves => Interlocked.Read(ref _budgetSolves);

    /// <summary>Plans evaluated (one LP each).</summary>
    public long PlanEvaluations => Interlocked.Read(ref _planEvaluations);

    /// <summary>Budgets solved on demand that are kept now (at most <see cref="MaxBudgets"/>).</summary>
    public int BudgetsKept => _budgets.Count;

    /// <summary>Run <paramref name="run"/>'s summary; <paramref name="read"/> is called only when it is not kept.</summary>
    public ValueTask<RunSummary> SummaryAsync(string run, Func<string, Task<RunSummary>> read) =>
        _summaries.GetOrAddAsync(run, key =>
        {
            Interlocked.Increment(ref _summaryReads);
            return read(key);
        });

    /// <summary>Run <paramref name="run"/>'s model; <paramref name="read"/> is called only when it is not kept.</summary>
    public ValueTask<RecommendationModel> ModelAsync(string run, Func<string, Task<RecommendationModel>> read) =>
        _models.GetOrAddAsync(run, key =>
        {
            Interlocked.Increment(ref _modelReads);
            return read(key);
        });

    /// <summary>
    /// A budget the run did not solve, solved on the run's model once: the point LP and, when the run has
    /// intervals, one LP per replicate. <c>Solved</c> says whether this call solved it (false: it was kept,
    /// or another request was solving it and this one waited).
    /// </summary>
    public async ValueTask<(SummaryBudget Result, bool Solved)> SolvedAsync(string run, double budget, Func<string, Task<RecommendationModel>> readModel)
    {
        var solved = false;
        var result = await _budgets.GetOrAddAsync((run, budget), async key =>
        {
            solved = true;
            var model = await ModelAsync(key.Run, readModel).ConfigureAwait(false);
            await _solving.WaitAsync().ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _budgetSolves);
                var point = model.Solve(key.Budget);
                return SummaryBudget.From(point, model.IntervalsFor(point));
            }
            finally
            {
                _solving.Release();
            }
        }).ConfigureAwait(false);
        return (result, solved);
    }

    /// <summary>A plan evaluated on a run's model once (a plan that the evaluator refuses is not kept).</summary>
    public ValueTask<PlanEvaluation> EvaluatedAsync(string run, IReadOnlyDictionary<string, double> spend, Func<string, Task<RecommendationModel>> readModel) =>
        _evaluations.GetOrAddAsync((run, PlanKey(spend)), async key =>
        {
            var model = await ModelAsync(key.Run, readModel).ConfigureAwait(false);
            await _solving.WaitAsync().ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _planEvaluations);
                return model.Evaluate(spend);
            }
            finally
            {
                _solving.Release();
            }
        });

    /// <summary>A SHA-256 of the plan's channels and spends in ordinal order: a plan of up to 64 KiB kept as 64 characters.</summary>
    private static string PlanKey(IReadOnlyDictionary<string, double> spend)
    {
        var text = new StringBuilder();
        foreach (var (channel, amount) in spend.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Length-prefixed: a name may hold any character, so no separator could tell two plans apart.
            text.Append(channel.Length).Append(':').Append(channel).Append('=').Append(amount.ToString("R", CultureInfo.InvariantCulture)).Append(';');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IAsyncCache<TKey, TValue> Build<TKey, TValue>(int capacity)
        where TKey : notnull =>
        new ConcurrentLruBuilder<TKey, TValue>().WithCapacity(capacity).WithAtomicGetOrAdd().AsAsyncCache().Build();
}
