using System.Runtime.CompilerServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Reduces journeys to transition counts and heuristic credits one journey at a time, so that no
/// caller ever needs to hold all rows. One counter per partition of customers; partitions are
/// combined with <see cref="JourneyCounts.Sum"/>.
/// </summary>
public sealed class JourneyCounter
{
    private const double SecondsPerDay = 86_400d;

    private readonly ChannelRegistry _channels;
    private readonly double _halfLifeDays;
    private readonly Comparison<Touch> _journeyOrder;

    // State index 0 is (start); channel id i is state i + 1.
    private long[] _transitions = [];
    private long[] _toConversion = [];
    private long[] _toNull = [];
    private double[] _first = [], _last = [], _linear = [], _position = [], _decay = [];
    private double[] _decayWeights = new double[16];
    private int _capacity;
    private readonly GroupTally? _groups;

    /// <param name="bootstrapGroups">Customer-hash groups to count apart for the bootstrap intervals; 0 (off) counts none.</param>
    public JourneyCounter(ChannelRegistry channels, double halfLifeDays = 7, int bootstrapGroups = 0)
    {
        if (!(halfLifeDays > 0) || !double.IsFinite(halfLifeDays))
        {
            throw new ArgumentOutOfRangeException(nameof(halfLifeDays), halfLifeDays, "the time-decay half-life must be a positive number of days");
        }

        _channels = channels;
        _halfLifeDays = halfLifeDays;
        _journeyOrder = CompareTouches;
        Grow(Math.Max(8, channels.Count));
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapGroups);
        _groups = bootstrapGroups > 0 ? new GroupTally(bootstrapGroups) : null;
    }

    public ChannelRegistry Channels => _channels;

    public long Rows { get; private set; }

    public long Journeys { get; private set; }

    public long ConvertedJourneys { get; private set; }

    public double ConvertedValue { get; private set; }

    public long RepeatedStepJourneys { get; private set; }

    public string? RepeatedStepExample { get; private set; }

    /// <summary>
    /// Adds one customer's journey. The touches are put in journey order (step, then timestamp, then
    /// channel name) in place, so the result never depends on the order rows arrived in.
    /// <paramref name="customerHash"/> (a stable hash of the customer id) picks the bootstrap group.
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

        touches.Sort(_journeyOrder);
        for (var i = 1; i < touches.Length; i++)
        {
            if (touches[i].JourneyStep == touches[i - 1].JourneyStep)
            {
                RepeatedStepJourneys++;
                RepeatedStepExample ??= $"journey_step {touches[i].JourneyStep} with channels '{_channels[touches[i - 1].ChannelId]}' and '{_channels[touches[i].ChannelId]}'";
                break;
            }
        }

        var width = _capacity + 1;
        var converted = false;
        var value = 0d;
        var previousState = 0;
        foreach (ref readonly var touch in touches)
        {
            var state = touch.ChannelId + 1;
            _transitions[(previousState * width) + state]++;
            previousState = state;
            converted |= touch.Converted;
            value = Math.Max(value, touch.ConversionValue);
        }

        var lastChannel = touches[^1].ChannelId;
        if (converted)
        {
            _toConversion[lastChannel]++;
            ConvertedJourneys++;
            ConvertedValue += value;
            if (!double.IsFinite(ConvertedValue))
            {
                // Unreachable with values of at most FieldParser.MaxAmount; a guard for callers that skip the parser.
                throw new Inputs.InputValidationException(
                    Inputs.Tables.Journeys, Inputs.Tables.JourneyColumns.ConversionValue, "the conversion values add up to more than the largest number a double holds");
            }
            CreditHeuristics(touches);
        }
        else
        {
            _toNull[lastChannel]++;
        }

        _groups?.Add(touches, converted, customerHash, _channels.Count);
        Rows += touches.Length;
        Journeys++;
    }

    /// <summary>The counts so far, keyed by channel name.</summary>
    public JourneyCounts ToCounts()
    {
        var width = _capacity + 1;
        var used = new bool[_channels.Count];
        var transitions = new List<TransitionCount>();
        for (var from = 0; from <= _channels.Count; from++)
        {
            var fromName = from == 0 ? States.Start : _channels[from - 1];
            for (var to = 1; to <= _channels.Count; to++)
            {
                var count = _transitions[(from * width) + to];
                if (count > 0)
                {
                    transitions.Add(new TransitionCount(fromName, _channels[to - 1], count));
                    used[to - 1] = true;
                }
            }

            if (from > 0)
            {
                if (_toConversion[from - 1] > 0)
                {
                    transitions.Add(new TransitionCount(fromName, States.Conversion, _toConversion[from - 1]));
                }

                if (_toNull[from - 1] > 0)
                {
                    transitions.Add(new TransitionCount(fromName, States.Null, _toNull[from - 1]));
                }
            }
        }

        var channels = Enumerable.Range(0, _channels.Count).Where(i => used[i]).Select(i => _channels[i]).Order(StringComparer.Ordinal).ToArray();
        var heuristics = channels
            .Select(name => _channels.GetOrAdd(name))
            .Select(id => new HeuristicCredit(_channels[id], _first[id], _last[id], _linear[id], _position[id], _decay[id]))
            .ToArray();
        transitions.Sort((a, b) =>
        {
            var byFrom = StateOrder.Comparer.Compare(a.From, b.From);
            return byFrom != 0 ? byFrom : StateOrder.Comparer.Compare(a.To, b.To);
        });
        return new JourneyCounts(channels, transitions, heuristics, Rows, Journeys, ConvertedJourneys, ConvertedValue, _halfLifeDays)
        {
            RepeatedStepJourneys = RepeatedStepJourneys,
            RepeatedStepExample = RepeatedStepExample,
            Groups = _groups?.ToGroupCounts(_channels),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CreditHeuristics(ReadOnlySpan<Touch> touches)
    {
        var n = touches.Length;
        _first[touches[0].ChannelId] += 1;
        _last[touches[^1].ChannelId] += 1;

        var linearShare = 1d / n;
        foreach (ref readonly var touch in touches)
        {
            _linear[touch.ChannelId] += linearShare;
        }

        switch (n)
        {
            case 1:
                _position[touches[0].ChannelId] += 1;
                break;
            case 2:
                _position[touches[0].ChannelId] += 0.5;
                _position[touches[1].ChannelId] += 0.5;
                break;
            default:
                _position[touches[0].ChannelId] += 0.4;
                _position[touches[^1].ChannelId] += 0.4;
                var middleShare = 0.2 / (n - 2);
                for (var i = 1; i < n - 1; i++)
                {
                    _position[touches[i].ChannelId] += middleShare;
                }

                break;
        }

        // Time decay is relative to the last touch in journey order, as MODEL.md writes it, even when
        // the timestamps disagree with the steps (a weight above 1 before normalising).
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

        for (var i = 0; i < n; i++)
        {
            _decay[touches[i].ChannelId] += _decayWeights[i] / total;
        }
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
        var oldWidth = _capacity + 1;
        var newWidth = capacity + 1;
        var transitions = new long[newWidth * newWidth];
        for (var from = 0; from < oldWidth && _transitions.Length > 0; from++)
        {
            Array.Copy(_transitions, from * oldWidth, transitions, from * newWidth, oldWidth);
        }

        _transitions = transitions;
        Array.Resize(ref _toConversion, capacity);
        Array.Resize(ref _toNull, capacity);
        Array.Resize(ref _first, capacity);
        Array.Resize(ref _last, capacity);
        Array.Resize(ref _linear, capacity);
        Array.Resize(ref _position, capacity);
        Array.Resize(ref _decay, capacity);
        _capacity = capacity;
    }
}
