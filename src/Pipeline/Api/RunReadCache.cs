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
/// app: each run's summary and model, read and parsed once; each budget's answer under a goal (for a
/// budget the run did not solve, its point LP and one LP per replicate), computed once; each plan
/// evaluated under a goal, once. Keys start with the run id, and a
/// run folder never changes once written, so nothing needs invalidating: when <c>latest.json</c> moves
/// (it is read on every request) the next request asks for the new run's keys. Each cache is an LRU of
/// a fixed number of entries; concurrent requests for one key wait for one computation (a failed one is
/// not kept, so the next request tries again), and at most one on-demand computation per core runs at once.
/// </summary>
public sealed class RunReadCache
{
    /// <summary>Runs whose summary and model are kept (the latest, the one before a roll-back, a few evaluated by id).</summary>
    public const int MaxRuns = 8;

    /// <summary>Answers for a (budget, goal) that are kept, over all runs (a few KB each).</summary>
    public const int MaxBudgets = 1_000;

    /// <summary>Plan evaluations that are kept, over all runs (a few KB each; keyed by a hash of the plan, not the plan).</summary>
    public const int MaxEvaluations = 1_000;

    private readonly IAsyncCache<string, RunSummary> _summaries = Build<string, RunSummary>(MaxRuns);
    private readonly IAsyncCache<string, RecommendationModel> _models = Build<string, RecommendationModel>(MaxRuns);
    private readonly IAsyncCache<(string Run, double Budget, GoalSettings Goal), (SummaryBudget, string)> _recommendations =
        Build<(string, double, GoalSettings), (SummaryBudget, string)>(MaxBudgets);

    private readonly IAsyncCache<(string Run, string Plan, GoalSettings? Goal), PlanEvaluation> _evaluations =
        Build<(string, string, GoalSettings?), PlanEvaluation>(MaxEvaluations);

    // The LPs of different budgets would otherwise run side by side, one per waiting request, and starve each other.
    private readonly SemaphoreSlim _solving = new(Math.Max(1, Environment.ProcessorCount));

    private long _summaryReads;
    private long _modelReads;
    private long _recommendationSolves;
    private long _planEvaluations;

    /// <summary>Summaries read and parsed from a run folder (not served from the cache).</summary>
    public long SummaryReads => Interlocked.Read(ref _summaryReads);

    /// <summary>Models read and parsed from a run folder.</summary>
    public long ModelReads => Interlocked.Read(ref _modelReads);

    /// <summary>Answers computed for a (run, budget, goal): solved on demand (the point LP and the replicates' LPs), or a run's budget re-solved to explain it.</summary>
    public long BudgetSolves => Interlocked.Read(ref _recommendationSolves);

    /// <summary>Plans evaluated (one LP each).</summary>
    public long PlanEvaluations => Interlocked.Read(ref _planEvaluations);

    /// <summary>Answers for a (budget, goal) kept now (at most <see cref="MaxBudgets"/>).</summary>
    public int BudgetsKept => _recommendations.Count;

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
    /// The answer for a budget under a goal, computed once per run: a budget the run did not solve is
    /// solved on its model (the point LP and, with intervals, one LP per replicate); one it did is read
    /// from its summary and, where the run wrote no reasons, re-solved to explain it. <c>Computed</c>
    /// says whether this call computed it (false: it was kept, or another request was computing it and
    /// this one waited).
    /// </summary>
    public async ValueTask<((SummaryBudget Result, string Source) Answer, bool Computed)> RecommendationAsync(
        string run, double budget, GoalSettings goal, Func<(SummaryBudget Result, string Source)> compute)
    {
        var computed = false;
        var answer = await _recommendations.GetOrAddAsync((run, budget, goal), async _ =>
        {
            computed = true;
            await _solving.WaitAsync().ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _recommendationSolves);
                return compute();
            }
            finally
            {
                _solving.Release();
            }
        }).ConfigureAwait(false);
        return (answer, computed);
    }

    /// <summary>A plan evaluated on a run's model under a goal (null: the run's) once; a plan the evaluator refuses is not kept.</summary>
    public ValueTask<PlanEvaluation> EvaluatedAsync(string run, IReadOnlyDictionary<string, double> spend, GoalSettings? goal, Func<PlanEvaluation> evaluate) =>
        _evaluations.GetOrAddAsync((run, PlanKey(spend), goal), async _ =>
        {
            await _solving.WaitAsync().ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _planEvaluations);
                return evaluate();
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
