using Bunit;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Components.Reservations;

/// <summary>The booking plan tells each space's state by word, symbol and class, at the moment asked, in French too.</summary>
public sealed class BookingPlanTests() : ComponentTestBase("fr")
{
    private static readonly DateOnly Day = new(2026, 3, 3);

    private static ReservationRow Booking(string space, int from, int to, ReservationStatus status) =>
        new(Guid.NewGuid(), Guid.NewGuid(), space, Day.ToDateTime(new TimeOnly(from, 0)), Day.ToDateTime(new TimeOnly(to, 0)), status, "Eva Booker", null, 0, null, Guid.NewGuid());

    [Fact]
    public void Each_space_shows_its_state_at_the_chosen_time()
    {
        var day = new FloorDay(Guid.NewGuid(), "Étage 1", "Siège", "Europe/Paris", Day, null, null,
        [
            new SpaceLane(Guid.NewGuid(), "D-1", SpaceKind.Desk, null, true, 0.1, 0.1, [Booking("D-1", 9, 12, ReservationStatus.CheckedIn)]),
            new SpaceLane(Guid.NewGuid(), "D-2", SpaceKind.Desk, null, true, 0.2, 0.1, [Booking("D-2", 11, 12, ReservationStatus.Confirmed), Booking("D-2", 8, 10, ReservationStatus.Cancelled)]),
            new SpaceLane(Guid.NewGuid(), "D-3", SpaceKind.Desk, null, true, 0.3, 0.1, [Booking("D-3", 9, 17, ReservationStatus.Released)]),
            new SpaceLane(Guid.NewGuid(), "D-4", SpaceKind.Desk, null, false, 0.4, 0.1, []),
            new SpaceLane(Guid.NewGuid(), "D-5", SpaceKind.Desk, null, true, null, null, [Booking("D-5", 9, 12, ReservationStatus.Confirmed)]),
        ], HasPlan: true);

        var plan = Context.Render<BookingPlan>(p => p.Add(c => c.Day, day).Add(c => c.At, Day.ToDateTime(new TimeOnly(9, 30))));

        plan.FindAll("[data-testid=booking-plan] [role=img]").Select(m => m.GetAttribute("aria-label")).ShouldBe([
            "D-1: Présence validée", "D-2: Libre", "D-3: Libéré (absent)", "D-4: Fermé"]);
        plan.Find("[aria-label='D-1: Présence validée']").ClassList.ShouldContain("jx-booking-checkedin");
        plan.Find("[aria-label='D-2: Libre']").TextContent.ShouldContain("+");
        plan.Find("[aria-label='D-4: Fermé']").TextContent.ShouldContain("⊘");

        plan.Render(p => p.Add(c => c.At, Day.ToDateTime(new TimeOnly(11, 15))));
        plan.Find("[data-state=Confirmed]").GetAttribute("aria-label").ShouldBe("D-2: Réservé");
    }
}
