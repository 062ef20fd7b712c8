using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Counting;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// Parses the binary COPY stream of <see cref="PostgresJourneySource"/>'s query straight from its
/// bytes (customer_id text, journey_step int4, channel text, timestamp timestamptz, converted bool,
/// conversion_value numeric, customer_segment text, campaign text), checks each row as the CSV path does and adds it to a spill writer.
/// The customer id never becomes a string; a row is described only when it is bad.
/// </summary>
internal sealed class JourneyCopyParser(JourneySpill spill, JourneySpill.Writer writer)
{
    private const int Fields = 8;

    // 2000-01-01T00:00:00Z, PostgreSQL's epoch, in .NET ticks.
    private const long PostgresEpochTicks = 630_822_816_000_000_000;

    // The microseconds since that epoch that DateTime can hold (years 1-9999).
    private const long MinMicroseconds = -PostgresEpochTicks / 10;
    private const long MaxMicroseconds = (3_155_378_975_999_999_999 - PostgresEpochTicks) / 10;

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    private readonly Dictionary<byte[], int> _channels = new(ByteKeyComparer.Instance);
    private readonly CustomerSegmentCache? _segments = spill.CustomerSegments is null ? null : new CustomerSegmentCache(spill);

    // Per channel id, the campaign ids by the raw bytes of the field: checked once per channel and spelling.
    private readonly List<Dictionary<byte[], ushort>?> _campaigns = [];
    private readonly int[] _starts = new int[Fields];
    private readonly int[] _lengths = new int[Fields];
    private bool _headerRead;

    public long Rows { get; private set; }

    /// <summary>True once the trailer has been read: the stream is complete.</summary>
    public bool Done { get; private set; }

    /// <summary>The PGCOPY signature, then flags and the header extension's length.</summary>
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>Parses every whole tuple in <paramref name="data"/>; returns the bytes consumed (a partial tuple is left for the next call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Parse(ReadOnlySpan<byte> data)
    {
        var position = 0;
        if (!_headerRead)
        {
            position = HeaderLength(data);
            if (position == 0)
            {
                return 0;
            }

            _headerRead = true;
        }

        while (!Done)
        {
            var tuple = data[position..];
            if (tuple.Length < 2)
            {
                break;
            }

            var fieldCount = BinaryPrimitives.ReadInt16BigEndian(tuple);
            if (fieldCount == -1)
            {
                Done = true;
                position += 2;
                break;
            }

            if (fieldCount != Fields)
            {
                throw new InvalidOperationException($"the COPY stream has {fieldCount} fields per row, expected {Fields}");
            }

            var p = FieldBounds(tuple);
            if (p == 0)
            {
                break;
            }

            AddRow(tuple[..p]);
            position += p;
        }

        return position;
    }

    /// <summary>The length of the stream's header (signature, flags, extension), or 0 when <paramref name="data"/> does not hold it all yet.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < Signature.Length + 8)
        {
            return 0;
        }

        if (!data[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidOperationException("the COPY stream is not in PostgreSQL's binary format");
        }

        var extension = BinaryPrimitives.ReadInt32BigEndian(data[(Signature.Length + 4)..]);
        return data.Length < Signature.Length + 8 + extension ? 0 : Signature.Length + 8 + extension;
    }

    /// <summary>Records each field's start and length; returns the tuple's length, or 0 when <paramref name="tuple"/> is not whole yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FieldBounds(ReadOnlySpan<byte> tuple)
    {
        var starts = _starts.AsSpan();
        var lengths = _lengths.AsSpan();
        var p = 2;
        for (var i = 0; i < Fields; i++)
        {
            if (tuple.Length < p + 4)
            {
                return 0;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(tuple[p..]);
            p += 4;
            starts[i] = p;
            lengths[i] = length;
            if (length > 0)
            {
                if (tuple.Length < p + length)
                {
                    return 0;
                }

                p += length;
            }
        }

        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddRow(ReadOnlySpan<byte> tuple)
    {
        // A NULL customer_id has length -1 and reads as empty: refused by the same rule as an empty one.
        if (CustomerId.Problem(Field(tuple, 0), out var customer) is { } problem)
        {
            throw new InputValidationException(Journeys, JourneyColumns.CustomerId, problem, Describe(tuple));
        }

        if (_lengths[1] != 4)
        {
            throw new InputValidationException(Journeys, JourneyColumns.JourneyStep, "journey_step is null", Describe(tuple));
        }

        var step = BinaryPrimitives.ReadInt32BigEndian(Field(tuple, 1));
        if (step < 1)
        {
            FieldParser.RequireStep(step, Journeys, JourneyColumns.JourneyStep, Describe(tuple));
        }

        var channel = ChannelId(tuple);
        if (_lengths[3] != 8)
        {
            throw new InputValidationException(Journeys, JourneyColumns.Timestamp, "timestamp is null", Describe(tuple));
        }

        var ticks = Ticks(BinaryPrimitives.ReadInt64BigEndian(Field(tuple, 3)), tuple);
        if (_lengths[4] != 1)
        {
            throw new InputValidationException(Journeys, JourneyColumns.Converted, "converted is null", Describe(tuple));
        }

        var converted = tuple[_starts[4]] != 0;
        var value = _lengths[5] < 0 ? 0 : ConversionValue(tuple);
        var segment = 0;
        if (_segments is not null && !_segments.TryGet(Field(tuple, 6), out segment))
        {
            // NULL reads as empty: both are "(none)".
            segment = _segments.Add(Field(tuple, 6), Describe(tuple));
        }

        var campaign = spill.Campaigns is null ? (ushort)0 : CampaignId(channel, tuple);
        writer.Add(customer, new Touch(step, ticks, channel, converted, value, segment, campaign));
        Rows++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ChannelId(ReadOnlySpan<byte> tuple)
    {
        if (_lengths[2] < 0)
        {
            return spill.ChannelId(FieldParser.RequireChannel(null, Journeys, JourneyColumns.Channel, Describe(tuple)));
        }

        var raw = Field(tuple, 2);
        var lookup = _channels.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (!lookup.TryGetValue(raw, out var id))
        {
            id = spill.ChannelId(FieldParser.RequireChannel(Encoding.UTF8.GetString(raw), Journeys, JourneyColumns.Channel, Describe(tuple)));
            lookup[raw] = id;
        }

        return id;
    }

    /// <summary>The row's (channel, campaign) pair; NULL reads as empty, both <see cref="Campaign.None"/>.</summary>
    private ushort CampaignId(int channel, ReadOnlySpan<byte> tuple)
    {
        while (_campaigns.Count <= channel)
        {
            _campaigns.Add(null);
        }

        var ids = _campaigns[channel] ??= new Dictionary<byte[], ushort>(ByteKeyComparer.Instance);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<byte>>();
        var raw = Field(tuple, 7);
        if (!lookup.TryGetValue(raw, out var id))
        {
            // Bytes that are not UTF-8 decode to U+FFFD, which Require refuses.
            id = spill.CampaignId(channel, Campaign.Require(Encoding.UTF8.GetString(raw), Describe(tuple)));
            lookup[raw] = id;
        }

        return id;
    }

    private long Ticks(long microseconds, ReadOnlySpan<byte> tuple)
    {
        // infinity and dates outside DateTime's years 1-9999 have no ticks.
        if (microseconds is < MinMicroseconds or > MaxMicroseconds)
        {
            throw new InputValidationException(Journeys, JourneyColumns.Timestamp, "timestamp is infinite or outside the years 1-9999", Describe(tuple));
        }

        return PostgresEpochTicks + (microseconds * 10);
    }

    private double ConversionValue(ReadOnlySpan<byte> tuple)
    {
        var numeric = Field(tuple, 5);
        if (!TryExactDouble(numeric, out var value))
        {
            value = double.Parse(NumericText(numeric), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return FieldParser.IsAcceptedAmount(value) ? value : FieldParser.RequireNonNegative(value, Journeys, JourneyColumns.ConversionValue, Describe(tuple));
    }

    /// <summary>
    /// A numeric as the double nearest to it, as parsing its text would give: an integer mantissa
    /// below 2^53 and a power of ten up to 10^22 are exact doubles, so one IEEE multiply or divide
    /// rounds correctly. Anything else (or NaN and infinities) is left to the text path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryExactDouble(ReadOnlySpan<byte> numeric, out double value)
    {
        value = 0;
        var digits = BinaryPrimitives.ReadInt16BigEndian(numeric);
        var weight = BinaryPrimitives.ReadInt16BigEndian(numeric[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(numeric[4..]);
        if (sign is not (0x0000 or 0x4000) || digits > 4)
        {
            return false;
        }

        long mantissa = 0;
        for (var i = 0; i < digits; i++)
        {
            mantissa = (mantissa * 10_000) + BinaryPrimitives.ReadInt16BigEndian(numeric[(8 + (2 * i))..]);
        }

        if (mantissa >= 1L << 53)
        {
            return false;
        }

        var exponent = 4 * (weight - digits + 1);
        if (exponent is < -22 or > 22)
        {
            return digits == 0;
        }

        value = exponent >= 0 ? mantissa * PowersOfTen[exponent] : mantissa / PowersOfTen[-exponent];
        if (exponent > 0 && value >= 1L << 53)
        {
            return false;
        }

        value = sign == 0x4000 ? -value : value;
        return true;
    }

    /// <summary>A binary numeric as PostgreSQL would print it (its display scale included).</summary>
    private static string NumericText(ReadOnlySpan<byte> numeric)
    {
        var digits = BinaryPrimitives.ReadInt16BigEndian(numeric);
        var weight = BinaryPrimitives.ReadInt16BigEndian(numeric[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(numeric[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(numeric[6..]);
        switch (sign)
        {
            case 0xC000: return "NaN";
            case 0xD000: return "Infinity";
            case 0xF000: return "-Infinity";
        }

        var text = new StringBuilder(sign == 0x4000 ? "-" : string.Empty);
        text.Append(CultureInfo.InvariantCulture, $"{Digit(numeric, 0) * (weight >= 0 ? 1 : 0)}");
        for (var i = 1; i <= weight; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Digit(numeric, i):D4}");
        }

        if (scale > 0)
        {
            var fraction = new StringBuilder();
            for (var i = weight + 1; fraction.Length < scale; i++)
            {
                fraction.Append(CultureInfo.InvariantCulture, $"{Digit(numeric, i):D4}");
            }

            text.Append('.').Append(fraction.ToString(0, scale));
        }

        return text.ToString();
    }

    private static int Digit(ReadOnlySpan<byte> numeric, int i) =>
        i >= 0 && i < BinaryPrimitives.ReadInt16BigEndian(numeric) ? BinaryPrimitives.ReadInt16BigEndian(numeric[(8 + (2 * i))..]) : 0;

    /// <summary>The row for an error message, in the old message's form, without the customer id.</summary>
    private string Describe(ReadOnlySpan<byte> tuple)
    {
        var step = _lengths[1] == 4 ? BinaryPrimitives.ReadInt32BigEndian(Field(tuple, 1)).ToString(CultureInfo.InvariantCulture) : "NULL";
        var channel = _lengths[2] < 0 ? "NULL" : $"'{Encoding.UTF8.GetString(Field(tuple, 2))}'";
        var timestamp = "NULL";
        if (_lengths[3] == 8)
        {
            var microseconds = BinaryPrimitives.ReadInt64BigEndian(Field(tuple, 3));
            timestamp = microseconds is >= MinMicroseconds and <= MaxMicroseconds
                ? new DateTime(PostgresEpochTicks + (microseconds * 10), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)
                : microseconds > 0 ? "infinity" : "-infinity";
        }

        var converted = _lengths[4] == 1 ? (tuple[_starts[4]] != 0).ToString() : "NULL";
        var value = _lengths[5] < 0 ? "NULL" : NumericText(Field(tuple, 5));
        var segment = _lengths[6] < 0 ? "NULL" : FieldParser.Shown(Encoding.UTF8.GetString(Field(tuple, 6)));
        var campaign = spill.Campaigns is null ? string.Empty : ", campaign=" + (_lengths[7] < 0 ? "NULL" : FieldParser.Shown(Encoding.UTF8.GetString(Field(tuple, 7))));
        return $"journey_step={step}, channel={channel}, timestamp={timestamp}, converted={converted}, conversion_value={value}, customer_segment={segment}{campaign}";
    }

    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> tuple, int i) => _lengths[i] <= 0 ? [] : tuple.Slice(_starts[i], _lengths[i]);
}
