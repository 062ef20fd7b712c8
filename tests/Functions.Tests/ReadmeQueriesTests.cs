using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Functions.Tests;

/// <summary>The README's BI queries, run as written over the local copy the app published (processed/).</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed partial class ReadmeQueriesTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task ReadmeDuckDbQueries_OverTheLocalCopy_RunAsWrittenAndReturnRows()
    {
        await app.FirstRunAsync();
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var block = SqlBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```sql block");
        var queries = block.Groups[1].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(q => string.Join('\n', q.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(q => q.Length > 0)
            .ToList();
        Assert.Equal(3, queries.Count);

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        // Relative paths resolve from the folder that holds processed/, as they would from the checkout.
        DuckDbQuery.Rows(db, $"SET file_search_path = '{app.LocalCopyParent}'");
        var latest = RunFolders.LatestRun(File.ReadAllBytes(Path.Combine(app.LocalCopyParent, "processed", "latest.json")));
        foreach (var query in queries)
        {
            var rows = DuckDbQuery.Rows(db, query);
            Assert.True(rows.Count > 0, $"no rows from: {query}");
        }

        // The second names the latest run's budget scenarios only.
        var columns = DuckDbQuery.Rows(db, queries[1] + " LIMIT 0", columnsOnly: true).Single().Cast<string>().ToList();
        var runIds = DuckDbQuery.Rows(db, queries[1]).Select(r => r[columns.IndexOf("run_id")]).Distinct().ToList();
        Assert.Equal([latest], runIds);
    }

    [GeneratedRegex("```sql\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
