namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Everything the model needs from the journeys, reduced to counts: small enough to pass between
/// activities, and additive over disjoint sets of customers (see <see cref="Sum"/>).
/// </summary>
public sealed record JourneyCounts(
    IReadOnlyList<string> Channels,
    IReadOnlyList<TransitionCount> Transitions,
    IReadOnlyList<HeuristicCredit> Heuristics,
    long Rows,
    long Journeys,
    long ConvertedJourneys,
    double ConvertedValue,
    double HalfLifeDays)
{
    public static JourneyCounts Empty(double halfLifeDays) => new([], [], [], 0, 0, 0, 0, halfLifeDays);

    /// <summary>Journeys in which two rows share a journey_step (ordered by timestamp, then channel, as MODEL.md says).</summary>
    public long RepeatedStepJourneys { get; init; }

    /// <summary>The first such repeat, for the warning: the step and its channels, never the customer id.</summary>
    public string? RepeatedStepExample { get; init; }

    /// <summary>The transitions split by customer-hash group, for the bootstrap; null when intervals are off.</summary>
    public GroupCounts? Groups { get; init; }

    /// <summary>The (history, next) pairs of docs/MODEL.md section 12; null at order 1.</summary>
    public HistoryCounts? Histories { get; init; }

    /// <summary>
    /// The same counts split by customer segment (MODEL.md section 8), by ordinal segment name; their sum
    /// is these counts. Empty when the counter was given no segments; each part's own list is empty.
    /// </summary>
    public IReadOnlyList<CustomerSegmentCounts> CustomerSegments { get; init; } = [];

    /// <summary>Per channel, the converted journeys containing it and their value sum (docs/MODEL.md section 5.1); the whole run's only.</summary>
    public IReadOnlyList<ConvertedPathValue> ConvertedPaths { get; init; } = [];

    /// <summary>
    /// The same journeys counted with campaigns as the states (docs/MODEL.md section 10): its channels are
    /// <see cref="Inputs.Campaign.Key"/>s. Null when the journeys have no campaign column.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public JourneyCounts? Campaigns { get; init; }

    /// <summary>Journeys whose rows name more than one segment (counted in the segment of their first touch).</summary>
    public long MixedCustomerSegmentJourneys { get; init; }

    /// <summary>The counts of the union of disjoint customer sets.</summary>
    public static JourneyCounts Sum(IEnumerable<JourneyCounts> parts)
    {
        var list = parts.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("nothing to sum", nameof(parts));
        }

        var halfLife = list[0].HalfLifeDays;
        if (list.Any(p => p.HalfLifeDays != halfLife))
        {
            throw new ArgumentException("parts were counted with different half-lives", nameof(parts));
        }

        var transitions = new Dictionary<(string From, string To), long>();
        var heuristics = new Dictionary<string, HeuristicCredit>(StringComparer.Ordinal);
        foreach (var part in list)
        {
            foreach (var t in part.Transitions)
            {
                transitions[(t.From, t.To)] = transitions.GetValueOrDefault((t.From, t.To)) + t.Count;
            }

            foreach (var h in part.Heuristics)
            {
                heuristics[h.Channel] = heuristics.TryGetValue(h.Channel, out var sum) ? sum.Add(h) : h;
            }
        }

        var channels = list.SelectMany(p => p.Channels).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new JourneyCounts(
            channels,
            transitions.Select(kv => new TransitionCount(kv.Key.From, kv.Key.To, kv.Value)).OrderBy(t => t.From, StateOrder.Comparer).ThenBy(t => t.To, StateOrder.Comparer).ToArray(),
            channels.Select(c => heuristics.TryGetValue(c, out var h) ? h : new HeuristicCredit(c, 0, 0, 0, 0, 0)).ToArray(),
            list.Sum(p => p.Rows),
            list.Sum(p => p.Journeys),
            list.Sum(p => p.ConvertedJourneys),
            list.Sum(p => p.ConvertedValue),
            halfLife)
        {
            RepeatedStepJourneys = list.Sum(p => p.RepeatedStepJourneys),
            RepeatedStepExample = list.Select(p => p.RepeatedStepExample).FirstOrDefault(e => e is not null),
            Groups = GroupCounts.Sum(list.Select(p => p.Groups).ToArray()),
            Histories = HistoryCounts.Sum(list.Select(p => p.Histories).ToArray()),
            CustomerSegments = SumCustomerSegments(list),
            MixedCustomerSegmentJourneys = list.Sum(p => p.MixedCustomerSegmentJourneys),
            ConvertedPaths = ConvertedPathTally.Sum(list.Select(p => p.ConvertedPaths)),
            Campaigns = list.Any(p => p.Campaigns is not null) ? Sum(list.Select(p => p.Campaigns ?? Empty(halfLife))) : null,
        };
    }

    /// <summary>Each segment's parts summed in the order of <paramref name="parts"/>, so a segment sums exactly as a run on its rows alone.</summary>
    private static CustomerSegmentCounts[] SumCustomerSegments(IReadOnlyList<JourneyCounts> parts) =>
        parts.SelectMany(p => p.CustomerSegments)
            .GroupBy(s => s.CustomerSegment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CustomerSegmentCounts(g.Key, g.Count() == 1 ? g.Single().Counts : Sum(g.Select(s => s.Counts))))
            .ToArray();
}
