namespace MarkovFunctions.Domain.Optimisation;

/// <summary>What each budget's LP optimises (docs/MODEL.md section 5.1).</summary>
public enum Goal
{
    /// <summary>The most conversions at exactly the budget (the default, MODEL.md section 5).</summary>
    Conversions,

    /// <summary>The most conversion value at exactly the budget.</summary>
    Value,

    /// <summary>The most value minus spend, spending at most the budget.</summary>
    Profit,

    /// <summary>The most conversions with cost per conversion at most the target.</summary>
    TargetCpa,

    /// <summary>The most value with value per unit of spend at least the target.</summary>
    TargetRoas,

    /// <summary>The least spend that reaches the target number of conversions.</summary>
    TargetConversions,
}
