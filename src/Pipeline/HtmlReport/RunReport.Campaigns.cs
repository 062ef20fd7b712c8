using System.Text;
using MarkovFunctions.Domain.Attribution;

namespace MarkovFunctions.Pipeline.HtmlReport;

public static partial class RunReport
{
    /// <summary>The most campaigns the report lists per channel; the by-campaign Parquet file has them all.</summary>
    public const int TopCampaignsPerChannel = 10;

    /// <summary>Each channel's campaigns by credit on the campaign chain (MODEL.md section 10), the top <see cref="TopCampaignsPerChannel"/> of each.</summary>
    private static string CampaignSection(CampaignAttribution campaigns)
    {
        var section = new StringBuilder("<section id=\"campaigns\"><h2>Attribution by campaign</h2>")
            .Append($"<p>The journeys attributed again with each (channel, campaign) as a state: a campaign's credit is its own removal effect, not a share of its channel's. Baseline conversion {Fmt(campaigns.BaselineConversion, "0.0%")}. ")
            .Append($"Each channel lists its {TopCampaignsPerChannel} most credited campaigns; {E(Artifacts.RunArtifacts.MarkovAttributionByCampaign)} has all {Fmt(campaigns.Campaigns.Count, "#,0")}. The budget stays at channel level.</p>")
            .Append("<table class=\"campaigns\"><thead><tr><th style=\"text-align:left\">Channel</th><th style=\"text-align:left\">Campaign</th><th>Removal weight</th><th>Attributed conversions</th><th>Attributed value</th></tr></thead><tbody>");
        foreach (var (channel, count, top) in campaigns.TopByChannel(TopCampaignsPerChannel))
        {
            foreach (var campaign in top)
            {
                section.Append($"<tr><td style=\"text-align:left\">{E(channel)}</td><td style=\"text-align:left\">{E(campaign.Campaign)}</td><td>{Fmt(campaign.RemovalWeight, "0.0%")}</td><td>{Fmt(campaign.AttributedConversions, "#,0.0")}</td><td>{Fmt(campaign.AttributedValue, "#,0")}</td></tr>");
            }

            if (count > top.Count)
            {
                section.Append($"<tr><td style=\"text-align:left\">{E(channel)}</td><td colspan=\"4\" style=\"text-align:left;color:#57606a\">and {Fmt(count - top.Count, "#,0")} more campaigns</td></tr>");
            }
        }

        return section.Append("</tbody></table></section>").ToString();
    }
}
