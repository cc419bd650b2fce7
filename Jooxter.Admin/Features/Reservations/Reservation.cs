using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Reservations;

public enum ReservationStatus
{
    Confirmed,
    CheckedIn,
    Released,
    Cancelled,
}

/// <summary>A booking of a space. Times are UTC.</summary>
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
}
