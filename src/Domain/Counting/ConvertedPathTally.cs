namespace MarkovFunctions.Domain.Counting;

/// <summary>Counts, per channel, the converted journeys that contain it and their value (each journey once per channel).</summary>
internal sealed class ConvertedPathTally
{
    private long[] _journeys = [];
    private double[] _values = [];

    // The journey number that last counted each channel: a repeat of a channel in the same journey is skipped.
    private long[] _seenIn = [];
    private long _journey;

    public void Add(ReadOnlySpan<Touch> touches, double value)
    {
        _journey++;
        foreach (ref readonly var touch in touches)
        {
            var id = touch.ChannelId;
            if (id >= _journeys.Length)
            {
                var size = Math.Max(id + 1, _journeys.Length * 2);
                Array.Resize(ref _journeys, size);
                Array.Resize(ref _values, size);
                Array.Resize(ref _seenIn, size);
            }

            if (_seenIn[id] == _journey)
            {
                continue;
            }

            _seenIn[id] = _journey;
            _journeys[id]++;
            _values[id] += value;
        }
    }

    /// <summary>Channels with at least one converted journey, by ordinal name.</summary>
    public ConvertedPathValue[] ToList(ChannelRegistry channels) =>
        Enumerable.Range(0, Math.Min(_journeys.Length, channels.Count))
            .Where(id => _journeys[id] > 0)
            .Select(id => new ConvertedPathValue(channels[id], _journeys[id], _values[id]))
            .OrderBy(p => p.Channel, StringComparer.Ordinal)
            .ToArray();

    public static ConvertedPathValue[] Sum(IEnumerable<IReadOnlyList<ConvertedPathValue>> parts) =>
        parts.SelectMany(p => p)
            .GroupBy(p => p.Channel, StringComparer.Ordinal)
            .Select(g => new ConvertedPathValue(g.Key, g.Sum(p => p.ConvertedJourneys), g.Sum(p => p.ValueSum)))
            .OrderBy(p => p.Channel, StringComparer.Ordinal)
            .ToArray();
}
