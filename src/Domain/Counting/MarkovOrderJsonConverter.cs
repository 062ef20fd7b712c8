using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarkovFunctions.Domain.Counting;

/// <summary>An order travels as it is written: <c>"1"</c>–<c>"4"</c> or <c>"auto"</c>.</summary>
public sealed class MarkovOrderJsonConverter : JsonConverter<MarkovOrder>
{
    public override MarkovOrder Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? MarkovOrder.Of(reader.GetInt32()) : MarkovOrder.Parse(reader.GetString() ?? string.Empty, "order");

    public override void Write(Utf8JsonWriter writer, MarkovOrder value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
