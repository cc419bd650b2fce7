using Bunit;
using Jooxter.Admin.Features.Home;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.Home;

public sealed class DashboardTileCardTests() : ComponentTestBase("fr")
{
    [Fact]
    public void A_tile_shows_its_localized_label_and_formatted_value()
    {
        var card = Context.Render<DashboardTileCard>(ps => ps.Add(p => p.Tile, new DashboardTile(DashboardMetric.ActiveEmployees, 12345)));

        card.Find("[data-testid=tile-ActiveEmployees]").TextContent.ShouldContain("Collaborateurs actifs");
        card.Find("[data-testid=tile-value]").TextContent.Trim().Replace('\u202f', ' ').Replace('\u00a0', ' ').ShouldBe("12 345");
        card.Markup.ShouldNotContain("À traiter");
    }

    [Fact]
    public void An_overdue_figure_says_it_needs_attention_in_words_not_only_colour()
    {
        var card = Context.Render<DashboardTileCard>(ps => ps.Add(p => p.Tile, new DashboardTile(DashboardMetric.OverdueRightsRequests, 2, NeedsAttention: true)));

        card.Markup.ShouldContain("À traiter");
    }
}
