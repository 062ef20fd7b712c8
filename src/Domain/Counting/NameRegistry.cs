namespace MarkovFunctions.Domain.Counting;

/// <summary>Interns names as small integers, so counting works on arrays, not strings.</summary>
public abstract class NameRegistry
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public IReadOnlyList<string> Names => _names;

    public string this[int id] => _names[id];

    /// <summary>The id of a name that is already normalised.</summary>
    public int GetOrAdd(string normalizedName)
    {
        if (!_ids.TryGetValue(normalizedName, out var id))
        {
            id = _names.Count;
            _ids.Add(normalizedName, id);
            _names.Add(normalizedName);
        }

        return id;
    }
}
