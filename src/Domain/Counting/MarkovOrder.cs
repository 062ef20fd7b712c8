using System.Globalization;
using System.Text.Json.Serialization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// The memory of the chain (docs/MODEL.md sections 12 and 13): a fixed order 1–4, or <see cref="Auto"/>,
/// chosen on held-out customers. The default is order 1, section 2's chain.
/// </summary>
[JsonConverter(typeof(MarkovOrderJsonConverter))]
public readonly record struct MarkovOrder
{
    public const int Highest = 4;

    /// <summary>Customer folds of the order choice; the bootstrap's groups must be a multiple, so a fold is a group mod this.</summary>
    public const int Folds = 5;

    // The order minus 1, so that the default value is order 1; -1 is auto.
    private readonly int _code;

    private MarkovOrder(int order) => _code = order - 1;

    /// <summary>Order 1, also the default value of the struct.</summary>
    public static MarkovOrder One { get; } = new(1);

    public static MarkovOrder Auto { get; } = new(0);

    public bool IsAuto => _code < 0;

    /// <summary>The fixed order.</summary>
    public int Fixed => IsAuto ? throw new InvalidOperationException("the order is chosen on the data") : _code + 1;

    /// <summary>The longest history counting keeps: the order, or every order up to 4 when it is chosen.</summary>
    public int LongestHistory => IsAuto ? Highest : Fixed;

    /// <summary>
    /// The most distinct channels a run at this order counts: <see cref="ChannelName.MaxDistinct"/> at order 1; above it
    /// (or auto) 4,095, the channel ids a (history, next) key holds (<see cref="HistoryTally.MaxChannelId"/> + 1).
    /// </summary>
    public int MaxChannels => LongestHistory > 1 ? HistoryTally.MaxChannelId + 1 : ChannelName.MaxDistinct;

    public static MarkovOrder Of(int order) =>
        order is >= 1 and <= Highest ? new(order) : throw new ConfigurationException($"order {order} must be between 1 and {Highest}, or auto");

    /// <summary>Reads <c>1</c>–<c>4</c> or <c>auto</c>, as <c>--order</c>, Run__MarkovOrder and the request's "order" are written.</summary>
    public static MarkovOrder Parse(string text, string setting)
    {
        var trimmed = text.Trim();
        if (string.Equals(trimmed, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var order) && order is >= 1 and <= Highest
            ? new(order)
            : throw new ConfigurationException($"{setting}: '{text}' is not an order; use 1, 2, 3, 4 or auto");
    }

    /// <summary>
    /// The count slots of each (history, next) pair: the bootstrap groups when intervals are on, else the
    /// folds when the order is chosen, else one. 0 when no history is counted (order 1).
    /// </summary>
    public int HistorySlots(int bootstrapGroups)
    {
        if (!IsAuto && Fixed == 1)
        {
            return 0;
        }

        if (bootstrapGroups > 0)
        {
            if (IsAuto && bootstrapGroups % Folds != 0)
            {
                throw new ConfigurationException($"interval groups {bootstrapGroups} must be a multiple of {Folds} when the order is chosen on the data");
            }

            return bootstrapGroups;
        }

        return IsAuto ? Folds : 1;
    }

    public override string ToString() => IsAuto ? "auto" : Fixed.ToString(CultureInfo.InvariantCulture);
}
