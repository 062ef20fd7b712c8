namespace MarkovFunctions.Domain.Counting;

/// <summary>One channel's share of the converted journeys under each heuristic model (MODEL.md section 3).</summary>
public sealed record HeuristicCredit(string Channel, double FirstTouch, double LastTouch, double Linear, double PositionBased, double TimeDecay)
{
    public HeuristicCredit Add(HeuristicCredit other) => new(
        Channel,
        FirstTouch + other.FirstTouch,
        LastTouch + other.LastTouch,
        Linear + other.Linear,
        PositionBased + other.PositionBased,
        TimeDecay + other.TimeDecay);
}
