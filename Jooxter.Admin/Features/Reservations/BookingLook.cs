namespace Jooxter.Admin.Features.Reservations;

/// <summary>How a booking state is told apart without colour: the one symbol per state, for the timeline, the plan and their legends.</summary>
public static class BookingLook
{
    /// <summary>A state is a <see cref="ReservationStatus"/> name, or "Free" / "Closed" for a space without a booking.</summary>
    public static string Symbol(string state) => state switch
    {
        nameof(ReservationStatus.CheckedIn) => "●",
        nameof(ReservationStatus.AwaitingApproval) => "◐",
        nameof(ReservationStatus.Released) => "✕",
        nameof(ReservationStatus.Confirmed) => "○",
        "Closed" => "⊘",
        "Free" => "+",
        _ => "○",
    };
}
