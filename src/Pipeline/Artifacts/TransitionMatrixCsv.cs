using CsvHelper;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// <c>transition_matrix.csv</c>: the order-1 chain of MODEL.md section 2 as a square table, rows = from-state,
/// columns (start), the channels, (conversion), (null). Written row by row from the sparse chain, so memory
/// beyond the text itself is the observed transitions and one row, never n² numbers; the text is that of
/// the dense <see cref="TransitionMatrix"/> written cell by cell, byte for byte.
/// </summary>
public static class TransitionMatrixCsv
{
    public static void Write(JourneyCounts counts, Stream stream)
    {
        var chain = AbsorbingChain.FromCounts(counts);
        var transient = chain.StateCount;
        var conversion = transient;
        var width = transient + 2;
        var row = new double[width];

        // Channel names come from the input: one named "=HYPERLINK(...)" must stay text in a spreadsheet.
        using var writer = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        writer.WriteHeader(["from", .. chain.Names, States.Conversion, States.Null]);
        for (var i = 0; i < width; i++)
        {
            if (i < transient)
            {
                for (var k = chain.RowStarts[i]; k < chain.RowStarts[i + 1]; k++)
                {
                    row[chain.Columns[k]] = chain.Probabilities[k];
                }

                row[conversion] = chain.ToConversion[i];
                row[conversion + 1] = chain.ToNull[i];
            }
            else
            {
                // The absorbing states loop on themselves.
                row[i] = 1;
            }

            writer.WriteField(i < transient ? chain.Names[i] : i == conversion ? States.Conversion : States.Null);
            foreach (var p in row)
            {
                writer.WriteField(p, "R");
            }

            writer.EndRecord();
            Array.Clear(row);
        }
    }
}
