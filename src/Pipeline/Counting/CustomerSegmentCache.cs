namespace MarkovFunctions.Pipeline.Counting;

/// <summary>
/// One reader's customer segment ids by the raw bytes of the field: the segment is decoded, trimmed
/// and checked once per distinct spelling, not once per row. Not thread-safe: one per reader thread.
/// </summary>
internal sealed class CustomerSegmentCache(JourneySpill spill)
{
    private readonly Dictionary<byte[], int> _ids = new(ByteKeyComparer.Instance);

    // A customer's rows mostly come together and share a segment: the last spelling is checked before hashing.
    private byte[] _last = [];
    private int _lastId = -1;

    /// <summary>The id of a spelling seen before by this reader.</summary>
    public bool TryGet(ReadOnlySpan<byte> raw, out int id)
    {
        if (_lastId >= 0 && raw.SequenceEqual(_last))
        {
            id = _lastId;
            return true;
        }

        if (_ids.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(raw, out var key, out id))
        {
            (_last, _lastId) = (key, id);
            return true;
        }

        return false;
    }

    /// <summary>A new spelling (SQL NULL is read as empty): checked, interned and remembered; <paramref name="example"/> describes its row.</summary>
    public int Add(ReadOnlySpan<byte> raw, string example)
    {
        // Bytes that are not UTF-8 decode to U+FFFD, which Require refuses.
        var segment = Domain.Inputs.CustomerSegment.Require(System.Text.Encoding.UTF8.GetString(raw), example);
        var id = spill.CustomerSegmentId(segment, example);
        _ids.GetAlternateLookup<ReadOnlySpan<byte>>()[raw] = id;
        return id;
    }
}
