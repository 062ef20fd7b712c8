using System.Text.Json.Nodes;

namespace MarkovFunctions.TestSupport;

/// <summary>Plans for the evaluate tests, built from a run's recommendation_model.json so they follow the data.</summary>
public static class EvaluatePlans
{
    /// <summary>
    /// Paid Search at half its minimum, Paid Social at its minimum, Display at today's spend and every other
    /// channel at its maximum: below one minimum and (with the sample's bounds) below the 30 % Paid floor,
    /// while Social+Display stays under its 40 % cap.
    /// </summary>
    public static (JsonObject Plan, double PaidSearchMin, double PaidSpend, double Total) BelowMinimumAndPaidFloor(JsonNode model)
    {
        var plan = new JsonObject();
        double paidSearchMin = 0, paid = 0, total = 0;
        foreach (var row in model["performance"]!.AsArray())
        {
            var channel = row!["channel"]!.GetValue<string>();
            var spend = channel switch
            {
                "Paid Search" => row["min_monthly_spend"]!.GetValue<double>() / 2,
                "Paid Social" => row["min_monthly_spend"]!.GetValue<double>(),
                "Display" => row["current_monthly_spend"]!.GetValue<double>(),
                _ => row["max_monthly_spend"]!.GetValue<double>(),
            };
            paidSearchMin = channel == "Paid Search" ? row["min_monthly_spend"]!.GetValue<double>() : paidSearchMin;
            paid += channel.StartsWith("Paid", StringComparison.Ordinal) ? spend : 0;
            total += spend;
            plan[channel] = spend;
        }

        return (plan, paidSearchMin, paid, total);
    }
}
