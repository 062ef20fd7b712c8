namespace MarkovFunctions.Domain.Attribution;

/// <summary>A counted move between states by index; <see cref="To"/> is a state, <see cref="Conversion"/> or <see cref="Null"/>.</summary>
public readonly record struct StateTransition(int From, int To, long Count)
{
    public const int Conversion = -1;
    public const int Null = -2;
}
