namespace MarkovFunctions.Domain.Counting;

/// <summary>Interns normalised channel names.</summary>
public sealed class ChannelRegistry : NameRegistry;
