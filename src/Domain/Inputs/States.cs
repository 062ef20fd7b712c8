namespace MarkovFunctions.Domain.Inputs;

/// <summary>The states of the chain that are not channels.</summary>
public static class States
{
    public const string Start = "(start)";
    public const string Conversion = "(conversion)";
    public const string Null = "(null)";
}
