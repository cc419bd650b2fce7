using Deque.AxeCore.Playwright;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

/// <summary>The console in a browser, sending its notices to a real SMTP server every second.</summary>
public sealed class MailBrowserFixture : BrowserFixture
{
    public Smtp4devProcess Smtp { get; private set; } = null!;

    protected override async Task ConfigureAsync(AdminAppFactory app)
    {
        Smtp = await Smtp4devProcess.StartAsync();
        app.Settings["Mail:Host"] = "127.0.0.1";
        app.Settings["Mail:Port"] = Smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Mail:Security"] = "None";
        app.Settings["Mail:PollSeconds"] = "1";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class ArbitrationJourneyTests(MailBrowserFixture browser) : IClassFixture<MailBrowserFixture>
{
    private static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task A_space_manager_approves_a_booking_and_moves_a_conflicting_one_and_the_person_is_mailed_the_new_space()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.SpaceManager.TenantSlug}:{DemoPersonas.SpaceManager.Email}']").ClickAsync();
        await WaitForCircuitAsync(page);
        await page.GotoAsync("/reservations/queue");
        await WaitForCircuitAsync(page);
        var stamp = $"Journey {Guid.NewGuid():N}"[..16];
        await page.GetByTestId("reason").FillAsync(stamp);

        // Approve the first booking awaiting approval: it leaves the queue.
        await page.GetByTestId("kind-Approval").ClickAsync();
        await Assertions.Expect(page.GetByTestId("keep")).ToHaveCountAsync(0); // the filtered list is shown
        var approvals = page.GetByTestId("approve");
        await Assertions.Expect(approvals.First).ToBeVisibleAsync();
        var before = await approvals.CountAsync();
        await approvals.First.ClickAsync();
        await Assertions.Expect(approvals).ToHaveCountAsync(before - 1);

        // Move the first conflict to the first suggested equivalent space.
        await page.GetByTestId("kind-Conflict").ClickAsync();
        await Assertions.Expect(page.GetByTestId("approve")).ToHaveCountAsync(0);
        var moves = page.GetByTestId("move");
        await Assertions.Expect(moves.First).ToBeVisibleAsync();
        var conflicts = await moves.CountAsync();
        await moves.First.ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-menu-item").First;
        await Assertions.Expect(option).ToBeVisibleAsync();
        var newSpace = (await option.InnerTextAsync()).Split('·')[0].Trim();
        await option.ClickAsync();
        await Assertions.Expect(moves).ToHaveCountAsync(conflicts - 1);

        // Checked once the confirmations have faded (a snackbar in mid-fade has, for a moment, too little contrast).
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        var axe = await page.RunAxe();
        axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}").ShouldBeEmpty();

        // The person the moved booking is for receives a mail naming the new space.
        string email;
        await using (var db = browser.App.OpenSystemDb())
        {
            var moved = await db.Reservations.SingleAsync(r => r.DecisionReason == stamp && db.ReservationNotices.Any(n => n.ReservationId == r.Id && n.Kind == Jooxter.Admin.Features.Places.ReservationNoticeKind.Moved));
            moved.OpenConflicts.ShouldBe(Jooxter.Admin.Features.Reservations.BookingBreach.None);
            email = await db.Employees.Where(e => e.Id == (moved.BeneficiaryId ?? moved.HolderId)).Select(e => e.Email).SingleAsync();
        }

        var mail = await browser.Smtp.WaitForAsync(email, m => m.Subject!.Contains(newSpace, StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        mail.Subject!.ShouldMatch($"^(Booking moved to|Réservation déplacée vers) {newSpace} ");
        mail.TextBody!.ShouldContain(newSpace);
    }

    [Fact]
    public async Task A_facility_manager_cancels_two_bookings_of_a_day_with_one_reason()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.FacilityManager.TenantSlug}:{DemoPersonas.FacilityManager.Email}']").ClickAsync();
        await WaitForCircuitAsync(page);
        await page.GotoAsync("/reservations");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("timeline")).ToBeVisibleAsync();

        // The first coming day of the demo's first floor with at least two bookings still open.
        await page.Locator("[data-testid=bulk-cancel] .mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-cancel-reason").Or(page.GetByText("No booking of this day can still be cancelled."))).ToBeVisibleAsync();
        var rows = page.Locator("[data-testid=bulk-cancel-table] tbody tr");
        for (var day = 0; day < 7 && await rows.CountAsync() < 2; day++)
        {
            var title = await page.GetByTestId("timeline-title").InnerTextAsync();
            await page.GetByLabel("Next day").ClickAsync();
            await Assertions.Expect(page.GetByTestId("timeline-title")).Not.ToHaveTextAsync(title);
        }

        (await rows.CountAsync()).ShouldBeGreaterThanOrEqualTo(2);
        // The two rows chosen, by what they show (space, times, person): the rest of the list may change meanwhile, as a
        // booking of today ends or the sweeper releases a no-show, so the test follows these two rather than a count.
        async Task<ILocator> RowLike(ILocator row)
        {
            var match = rows;
            foreach (var cell in (await row.Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).Where(c => c.Length > 0))
            {
                match = match.Filter(new() { HasText = cell });
            }

            return match;
        }

        var chosen = new[] { await RowLike(rows.Nth(0)), await RowLike(rows.Nth(1)) };
        foreach (var row in chosen)
        {
            await Assertions.Expect(row).ToHaveCountAsync(1);
        }

        await rows.Nth(0).Locator("input[type=checkbox]").ClickAsync();
        await rows.Nth(1).Locator("input[type=checkbox]").ClickAsync();
        var stamp = $"Works {Guid.NewGuid():N}"[..14];
        await page.GetByTestId("bulk-cancel-reason").FillAsync(stamp);
        await page.GetByTestId("bulk-cancel-go").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("2 of 2 bookings cancelled.");
        foreach (var row in chosen)
        {
            await Assertions.Expect(row).ToHaveCountAsync(0);
        }

        await using var db = browser.App.OpenSystemDb();
        (await db.Reservations.CountAsync(r => r.DecisionReason == stamp && r.Status == Jooxter.Admin.Features.Reservations.ReservationStatus.Cancelled)).ShouldBe(2);
        (await db.ReservationNotices.CountAsync(n => n.Reason == stamp && n.Kind == Jooxter.Admin.Features.Places.ReservationNoticeKind.Cancelled)).ShouldBeGreaterThanOrEqualTo(2);
    }
}
