namespace MarkovFunctions.Domain.Calibration;

/// <summary>A channel's weights in the blend: the platform's own share, the Markov share, and the blend at alpha*.</summary>
public sealed record ChannelWeights(string Channel, double ProvidedWeight, double RemovalWeight, double OptWeight);
