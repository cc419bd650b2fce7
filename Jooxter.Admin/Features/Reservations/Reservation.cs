using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Reservations;

public enum ReservationStatus
{
    /// <summary>Waiting for a space manager's decision; holds the slot until decided or until it starts unanswered.</summary>
    AwaitingApproval,
    Confirmed,
    CheckedIn,

    /// <summary>Released as a no-show: not checked in within the auto-release delay.</summary>
    Released,
    Cancelled,
    Rejected,
}

/// <summary>Where a booking was made.</summary>
public enum ReservationSource
{
    Console,
    Import,
    Api,
}

/// <summary>
/// Rules a booking breaks. A booker may ask for an override of some (kept in <see cref="Reservation.RequestedOverrides"/>
/// until a manager decides), and a manager may keep a booking that a later change made conflict
/// (<see cref="Reservation.AcceptedConflicts"/>): a conflict already accepted is not raised again, a new one is.
/// </summary>
[Flags]
public enum BookingBreach
{
    None = 0,
    TooShort = 1,
    TooLong = 2,
    TooFarAhead = 4,
    ClosedDay = 8,
    OutsideOpeningHours = 16,
    TooManyConcurrent = 32,
    RestrictedAudience = 64,

    /// <summary>The space was disabled or archived (or its floor, its building) after the booking was made.</summary>
    SpaceUnavailable = 128,

    /// <summary>The zone already holds as many bookings at that time as its cap allows.</summary>
    ZoneFull = 256,
}

/// <summary>A booking of a space. Times are UTC; pages show and take them in the building's time zone.</summary>
public sealed class Reservation : TenantEntity
{
    public Guid SpaceId { get; set; }

    /// <summary>The employee who made the booking.</summary>
    public Guid HolderId { get; set; }

    /// <summary>The employee the booking is for, when not the holder.</summary>
    public Guid? BeneficiaryId { get; set; }

    public DateTime StartsAtUtc { get; set; }

    public DateTime EndsAtUtc { get; set; }

    public ReservationStatus Status { get; set; } = ReservationStatus.Confirmed;

    [PersonalData(PersonalDataCategory.Usage)]
    public string? Subject { get; set; }

    public ReservationSource Source { get; set; } = ReservationSource.Console;

    /// <summary>The console user who made or last changed it for someone else (a manager, an assistant); null when the holder did.</summary>
    public Guid? CreatedById { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? CheckedInAtUtc { get; set; }

    /// <summary>Rules the booker asked to be waived, with <see cref="RequestReason"/>; decided by a space manager.</summary>
    public BookingBreach RequestedOverrides { get; set; }

    [PersonalData(PersonalDataCategory.Usage)]
    public string? RequestReason { get; set; }

    /// <summary>Conflicts a manager decided to keep the booking despite (with <see cref="DecisionReason"/>).</summary>
    public BookingBreach AcceptedConflicts { get; set; }

    /// <summary>
    /// Rules this booking breaks since a change made elsewhere (a space disabled, a rule tightened), not yet settled by
    /// a manager. Kept up to date by <see cref="ReservationConflicts"/> whenever places or rules change, so that the
    /// arbitration queue is one indexed read.
    /// </summary>
    public BookingBreach OpenConflicts { get; set; }

    /// <summary>The reason given with the last decision: rejection, approval of an override, keeping a conflict, a cancellation.</summary>
    [PersonalData(PersonalDataCategory.Usage)]
    public string? DecisionReason { get; set; }

    public Guid? DecidedById { get; set; }

    public DateTime? DecidedAtUtc { get; set; }

    /// <summary>The person the booking is for: the beneficiary, else the holder.</summary>
    public Guid ForId => BeneficiaryId ?? HolderId;

    /// <summary>Whether the booking holds its slot: no other booking of the space may overlap it.</summary>
    public static readonly ReservationStatus[] Holding = [ReservationStatus.AwaitingApproval, ReservationStatus.Confirmed, ReservationStatus.CheckedIn];
}

/// <summary>
/// Someone invited to a booking: a colleague (<see cref="EmployeeId"/>) or an external guest, who is a data subject
/// too: their name, e-mail and company are personal data and can be found again by e-mail.
/// </summary>
public sealed class ReservationGuest : TenantEntity, IHasDerivedFields
{
    public Guid ReservationId { get; set; }

    public Guid? EmployeeId { get; set; }

    [PersonalData(PersonalDataCategory.Identity)]
    public string? Name { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public string? NormalizedEmail { get; set; }

    [PersonalData(PersonalDataCategory.Identity)]
    public string? Company { get; set; }

    public void RefreshDerivedFields() => NormalizedEmail = Email is null ? null : People.Employee.NormalizeEmail(Email);
}
