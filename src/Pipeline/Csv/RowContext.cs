using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>
/// Fast paths for the common spellings of journey fields, read straight from CSV's UTF-8 bytes;
/// anything unusual falls back to <see cref="FieldParser"/>, which owns the rules and the messages.
/// </summary>
/// <summary>What an error message needs to describe the current row; built only when a field is bad.</summary>
internal readonly struct RowContext(CsvHelper.CsvReader reader, string[] header)
{
    public string Describe() => JourneyCsvReader.Describe(reader, header);
}
