using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Reduces journeys to transition counts and heuristic credits one journey at a time, so that no
/// caller ever needs to hold all rows. One counter per partition of customers; partitions are
/// combined with <see cref="JourneyCounts.Sum"/>. Given a <see cref="CustomerSegmentRegistry"/>, it
/// also counts each customer segment on its own (MODEL.md section 8), in the same pass; given a
/// <see cref="CampaignRegistry"/>, the same journeys with each touch's (channel, campaign) as its state
/// (section 10), in journey order as the channels put it.
/// </summary>
public sealed class JourneyCounter
{
    private const double SecondsPerDay = 86_400d;

    private readonly ChannelRegistry _channels;
    private readonly CustomerSegmentRegistry? _segments;
    private readonly double _halfLifeDays;
    private readonly Comparison<Touch> _journeyOrder;

    // The whole partition, and each segment by id: the same tallies, so a segment's counts are exactly
    // what a counter given only its journeys would make.
    private readonly Tally _total = new();
    private readonly List<Tally> _bySegment = [];
    private double[] _decayWeights = new double[16];
    private int _capacity;
    private readonly SlotTallies _slotTallies;
    private readonly bool _ownsSlotTallies;
    private readonly ConvertedPathTally _convertedPaths = new();
    private readonly JourneyCounter? _campaigns;
    private Touch[] _campaignTouches = [];

    // The campaign counter's journeys come in the order the channel counter sorted them, so a campaign
    // chain with one campaign per channel is the channel chain, state for state.
    private bool _inJourneyOrder;

    /// <param name="bootstrapGroups">Customer-hash groups to count apart for the bootstrap intervals (docs/MODEL.md section 9); 0 (off) counts none.</param>
    /// <param name="order">Above order 1 (or auto), the (history, next) pairs of docs/MODEL.md section 12 are counted too.</param>
    /// <param name="campaigns">Given, the journeys are also counted with campaigns as the states (docs/MODEL.md section 10, order 1, no groups).</param>
    public JourneyCounter(ChannelRegistry channels, double halfLifeDays = 7, CustomerSegmentRegistry? customerSegments = null, int bootstrapGroups = 0, MarkovOrder order = default, CampaignRegistry? campaigns = null)
        : this(channels, new SlotTallies(bootstrapGroups, order), halfLifeDays, customerSegments, campaigns)
    {
        _ownsSlotTallies = true;
    }

    /// <summary>
    /// A counter that adds its journeys' counts by slot to <paramref name="sharedSlotTallies"/>, which may serve
    /// other counters too (one at a time): its <see cref="ToCounts"/> then carries no group or history counts,
    /// and the owner of the set attaches them (<see cref="SlotTallies.Attach"/>) to the sum of those counters' counts.
    /// </summary>
    public JourneyCounter(ChannelRegistry channels, SlotTallies sharedSlotTallies, double halfLifeDays = 7, CustomerSegmentRegistry? customerSegments = null, CampaignRegistry? campaigns = null)
    {
        if (!(halfLifeDays > 0) || !double.IsFinite(halfLifeDays))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLifeDays), halfLifeDays, "the time-decay half-life must be a positive number of days");
        }

        _channels = channels;
        _segments = customerSegments;
        _halfLifeDays = halfLifeDays;
        _journeyOrder = CompareTouches;
        Grow(Math.Max(8, channels.Count));
        _slotTallies = sharedSlotTallies;
        _campaigns = campaigns is null ? null : new JourneyCounter(campaigns.Keys, halfLifeDays) { _inJourneyOrder = true };
    }

    public ChannelRegistry Channels => _channels;

    public long Rows => _total.Rows;

    public long Journeys => _total.Journeys;

    public long ConvertedJourneys => _total.ConvertedJourneys;

    public double ConvertedValue => _total.ConvertedValue;

    public long RepeatedStepJourneys { get; private set; }

    public string? RepeatedStepExample { get; private set; }

    public long MixedCustomerSegmentJourneys { get; private set; }

    /// <summary>
    /// Adds one customer's journey. The touches are put in journey order (step, then timestamp, then
    /// channel name) in place, so the result never depends on the order rows arrived in. The journey
    /// belongs to the segment of its first touch in that order. <paramref name="customerHash"/> (a
    /// stable hash of the customer id) picks the bootstrap group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddJourney(Span<Touch> touches, ulong customerHash = 0)
    {
        if (touches.IsEmpty)
        {
            return;
        }

        if (_channels.Count > _capacity)
        {
            Grow(Math.Max(_channels.Count, _capacity * 2));
        }

        if (!_inJourneyOrder)
        {
            touches.Sort(_journeyOrder);
        }

        for (var i = 1; i < touches.Length; i++)
        {
            if (touches[i].JourneyStep == touches[i - 1].JourneyStep)
            {
                RepeatedStepJourneys++;
                RepeatedStepExample ??= $"journey_step {touches[i].JourneyStep} with channels '{_channels[touches[i - 1].ChannelId]}' and '{_channels[touches[i].ChannelId]}'";
                break;
            }
        }

        var segment = _segments is null ? null : SegmentTally(touches);
        var converted = false;
        var value = 0d;
        var previousState = 0;
        foreach (ref readonly var touch in touches)
        {
            var state = touch.ChannelId + 1;
            var cell = TransitionKey.Of(previousState, state);
            _total.Count(cell);
            segment?.Count(cell);

            previousState = state;
            converted |= touch.Converted;
            value = Math.Max(value, touch.ConversionValue);
        }

        var lastChannel = touches[^1].ChannelId;
        _total.End(lastChannel, converted, value, touches.Length);
        segment?.End(lastChannel, converted, value, touches.Length);
        _slotTallies.Add(touches, converted, customerHash, segment is null ? -1 : touches[0].CustomerSegmentId);

        if (converted)
        {
            if (!double.IsFinite(_total.ConvertedValue))
            {
                // Unreachable with values of at most FieldParser.MaxAmount; a guard for callers that skip the parser.
                throw new Inputs.InputValidationException(
                    Inputs.Tables.Journeys, Inputs.Tables.JourneyColumns.ConversionValue, "the conversion values add up to more than the largest number a double holds");
            }

            CreditHeuristics(touches, segment);
            _convertedPaths.Add(touches, value);
        }

        if (_campaigns is not null)
        {
            CountCampaigns(touches, customerHash);
        }
    }

    /// <summary>The journey again, each touch's state its (channel, campaign) pair.</summary>
    private void CountCampaigns(ReadOnlySpan<Touch> touches, ulong customerHash)
    {
        if (_campaignTouches.Length < touches.Length)
        {
            _campaignTouches = new Touch[Math.Max(touches.Length, _campaignTouches.Length * 2)];
        }

        for (var i = 0; i < touches.Length; i++)
        {
            _campaignTouches[i] = touches[i] with { ChannelId = touches[i].CampaignId, CustomerSegmentId = 0 };
        }

        _campaigns!.AddJourney(_campaignTouches.AsSpan(0, touches.Length), customerHash);
    }

    /// <summary>The counts so far, keyed by channel name, with each segment that has journeys.</summary>
    public JourneyCounts ToCounts()
    {
        var counts = ToCounts(_total) with
        {
            ConvertedPaths = _convertedPaths.ToList(_channels),
            Campaigns = _campaigns is null ? null : CampaignCounts(_campaigns.ToCounts()),
        };
        if (_segments is not null)
        {
            var segments = Enumerable.Range(0, _bySegment.Count)
                .Where(id => _bySegment[id].Journeys > 0)
                .Select(id => new CustomerSegmentCounts(_segments[id], ToCounts(_bySegment[id])))
                .OrderBy(s => s.CustomerSegment, StringComparer.Ordinal)
                .ToArray();
            counts = counts with { CustomerSegments = segments, MixedCustomerSegmentJourneys = MixedCustomerSegmentJourneys };
        }

        return _ownsSlotTallies ? SlotTallies.Attach(counts, [_slotTallies], _channels, _segments) : counts;
    }

    /// <summary>The campaign chain's counts; what is only the channels' (repeated steps, goal values) is kept once, with them.</summary>
    private static JourneyCounts CampaignCounts(JourneyCounts counts) =>
        counts with { RepeatedStepJourneys = 0, RepeatedStepExample = null, ConvertedPaths = [] };

    private Tally SegmentTally(ReadOnlySpan<Touch> touches)
    {
        var id = touches[0].CustomerSegmentId;
        for (var i = 1; i < touches.Length; i++)
        {
            if (touches[i].CustomerSegmentId != id)
            {
                MixedCustomerSegmentJourneys++;
                break;
            }
        }

        while (_bySegment.Count <= id)
        {
            var tally = new Tally();
            tally.Grow(_capacity);
            _bySegment.Add(tally);
        }

        return _bySegment[id];
    }

    private JourneyCounts ToCounts(Tally tally)
    {
        var used = new bool[_channels.Count];
        var transitions = new List<TransitionCount>(tally.Transitions.Count + (2 * _channels.Count));
        foreach (var (cell, count) in tally.Transitions)
        {
            var from = (int)(cell >> 32);
            var to = (int)(cell & uint.MaxValue);
            transitions.Add(new TransitionCount(from == 0 ? States.Start : _channels[from - 1], _channels[to - 1], count));
            used[to - 1] = true;
        }

        for (var channel = 0; channel < _channels.Count; channel++)
        {
            if (tally.ToConversion[channel] > 0)
            {
                transitions.Add(new TransitionCount(_channels[channel], States.Conversion, tally.ToConversion[channel]));
            }

            if (tally.ToNull[channel] > 0)
            {
                transitions.Add(new TransitionCount(_channels[channel], States.Null, tally.ToNull[channel]));
            }
        }

        var channels = Enumerable.Range(0, _channels.Count).Where(i => used[i]).Select(i => _channels[i]).Order(StringComparer.Ordinal).ToArray();
        var heuristics = channels
            .Select(name => _channels.GetOrAdd(name))
            .Select(id => new HeuristicCredit(_channels[id], tally.First[id], tally.Last[id], tally.Linear[id], tally.Position[id], tally.Decay[id]))
            .ToArray();
        transitions.Sort((a, b) =>
        {
            var byFrom = StateOrder.Comparer.Compare(a.From, b.From);
            return byFrom != 0 ? byFrom : StateOrder.Comparer.Compare(a.To, b.To);
        });
        var whole = tally == _total;
        return new JourneyCounts(channels, transitions, heuristics, tally.Rows, tally.Journeys, tally.ConvertedJourneys, tally.ConvertedValue, _halfLifeDays)
        {
            RepeatedStepJourneys = whole ? RepeatedStepJourneys : 0,
            RepeatedStepExample = whole ? RepeatedStepExample : null,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CreditHeuristics(ReadOnlySpan<Touch> touches, Tally? segment)
    {
        // Time decay is relative to the last touch in journey order, as MODEL.md writes it, even when
        // the timestamps disagree with the steps (a weight above 1 before normalising).
        var n = touches.Length;
        if (_decayWeights.Length < n)
        {
            _decayWeights = new double[Math.Max(n, _decayWeights.Length * 2)];
        }

        var lastTicks = touches[^1].TimestampUtcTicks;
        var total = 0d;
        for (var i = 0; i < n; i++)
        {
            var ageDays = (lastTicks - touches[i].TimestampUtcTicks) / (double)TimeSpan.TicksPerSecond / SecondsPerDay;
            var weight = Math.Pow(2, -ageDays / _halfLifeDays);
            _decayWeights[i] = weight;
            total += weight;
        }

        _total.Credit(touches, _decayWeights, total);
        segment?.Credit(touches, _decayWeights, total);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CompareTouches(Touch a, Touch b)
    {
        var byStep = a.JourneyStep.CompareTo(b.JourneyStep);
        if (byStep != 0)
        {
            return byStep;
        }

        var byTime = a.TimestampUtcTicks.CompareTo(b.TimestampUtcTicks);
        return byTime != 0 ? byTime : a.ChannelId == b.ChannelId ? 0 : string.CompareOrdinal(_channels[a.ChannelId], _channels[b.ChannelId]);
    }

    private void Grow(int capacity)
    {
        _total.Grow(capacity);
        foreach (var segment in _bySegment)
        {
            segment.Grow(capacity);
        }

        _capacity = capacity;
    }

    /// <summary>
    /// Counts and credits of one set of journeys. State index 0 is (start); channel id i is state i + 1.
    /// Transitions between states are kept sparse (keyed from &lt;&lt; 32 | to), so a tally grows with the
    /// transitions seen, not with channels²; the per-channel arrays are linear in the channels.
    /// </summary>
    private sealed class Tally
    {
        public readonly Dictionary<long, long> Transitions = new(TransitionKey.Comparer);
        public long[] ToConversion = [];
        public long[] ToNull = [];
        public double[] First = [], Last = [], Linear = [], Position = [], Decay = [];

        public long Rows;
        public long Journeys;
        public long ConvertedJourneys;
        public double ConvertedValue;

        public void End(int lastChannel, bool converted, double value, int touches)
        {
            if (converted)
            {
                ToConversion[lastChannel]++;
                ConvertedJourneys++;
                ConvertedValue += value;
            }
            else
            {
                ToNull[lastChannel]++;
            }

            Rows += touches;
            Journeys++;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Credit(ReadOnlySpan<Touch> touches, double[] decayWeights, double decayTotal)
        {
            var n = touches.Length;
            First[touches[0].ChannelId] += 1;
            Last[touches[^1].ChannelId] += 1;

            var linearShare = 1d / n;
            foreach (ref readonly var touch in touches)
            {
                Linear[touch.ChannelId] += linearShare;
            }

            switch (n)
            {
                case 1:
                    Position[touches[0].ChannelId] += 1;
                    break;
                case 2:
                    Position[touches[0].ChannelId] += 0.5;
                    Position[touches[1].ChannelId] += 0.5;
                    break;
                default:
                    Position[touches[0].ChannelId] += 0.4;
                    Position[touches[^1].ChannelId] += 0.4;
                    var middleShare = 0.2 / (n - 2);
                    for (var i = 1; i < n - 1; i++)
                    {
                        Position[touches[i].ChannelId] += middleShare;
                    }

                    break;
            }

            for (var i = 0; i < n; i++)
            {
                Decay[touches[i].ChannelId] += decayWeights[i] / decayTotal;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Count(long cell) => CollectionsMarshal.GetValueRefOrAddDefault(Transitions, cell, out _)++;

        public void Grow(int capacity)
        {
            Array.Resize(ref ToConversion, capacity);
            Array.Resize(ref ToNull, capacity);
            Array.Resize(ref First, capacity);
            Array.Resize(ref Last, capacity);
            Array.Resize(ref Linear, capacity);
            Array.Resize(ref Position, capacity);
            Array.Resize(ref Decay, capacity);
        }
    }
}
