using DuckDB.NET.Data;

namespace MarkovFunctions.TestSupport;

/// <summary>SQL over the Parquet artifacts in DuckDB, as BI would read them.</summary>
public static class DuckDbQuery
{
    /// <summary>Every row of <paramref name="sql"/>, nulls as null; with <paramref name="columnsOnly"/> one row of column names.</summary>
    public static List<object?[]> Rows(string sql, bool columnsOnly = false)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        return Rows(db, sql, columnsOnly);
    }

    public static List<object?[]> Rows(DuckDBConnection db, string sql, bool columnsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        if (columnsOnly)
        {
            return [Enumerable.Range(0, reader.FieldCount).Select(i => (object?)reader.GetName(i)).ToArray()];
        }

        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return rows;
    }
}
