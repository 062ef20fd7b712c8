namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// One transfer from today's spend toward the plan (docs/MODEL.md section 5.2): <c>Amount</c> from <c>From</c>
/// to <c>To</c> (either empty for new or saved money), and what it alone does to today's plan.
/// <c>Gain</c> is in the goal's units: conversions, value, or value minus the spend change for profit.
/// <c>ValueGain</c> is null where v_c is not known (a run under the conversions goal answering on demand).
/// </summary>
public sealed record BudgetMove(string? From, string? To, double Amount, double ConversionsGain, double? ValueGain, double Gain, string Text);
