using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Places;

public sealed class Building : TenantEntity
{
    public required string Name { get; set; }

    public string? Address { get; set; }

    /// <summary>IANA time zone id, e.g. Europe/Paris.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Opening time, local to <see cref="TimeZone"/>; null when open around the clock.</summary>
    public TimeOnly? OpensAt { get; set; }

    public TimeOnly? ClosesAt { get; set; }

    public OpenDays OpenDays { get; set; } = OpenDays.Weekdays;

    public bool IsArchived { get; set; }
}

[Flags]
public enum OpenDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Everyday = Weekdays | Saturday | Sunday,
}

/// <summary>What a space offers, for people to find the right one.</summary>
[Flags]
public enum Amenities
{
    None = 0,
    Screen = 1,
    DockingStation = 2,
    VideoConferencing = 4,
    HeightAdjustable = 8,
    Whiteboard = 16,
    Accessible = 32,
}

public sealed class Floor : TenantEntity
{
    public Guid BuildingId { get; set; }

    public int Level { get; set; }

    public required string Name { get; set; }

    public bool IsArchived { get; set; }
}

/// <summary>A named area of a floor: a neighbourhood, a team area.</summary>
public sealed class Zone : TenantEntity
{
    public Guid FloorId { get; set; }

    public required string Name { get; set; }

    public bool IsArchived { get; set; }

    /// <summary>The zone's outline on the floor plan: a JSON array of relative points [[x, y], ...], or null if not drawn.</summary>
    public string? Outline { get; set; }

    /// <summary>At most this many bookings of the zone's spaces at any one time (a distancing or staffing cap); null for none.</summary>
    public int? BookingCap { get; set; }

    /// <summary>Bumped by every booking of a capped zone, so that bookings of its spaces are counted one after the other (see <see cref="Space.BookingSequence"/>).</summary>
    public long BookingSequence { get; set; }
}

public enum SpaceKind
{
    Desk,
    MeetingRoom,
    PhoneBooth,
    ParkingSpot,
    Locker,
}

public sealed class Space : TenantEntity
{
    public Guid FloorId { get; set; }

    public Guid? ZoneId { get; set; }

    public required string Name { get; set; }

    public SpaceKind Kind { get; set; }

    public int Capacity { get; set; } = 1;

    public Amenities Amenities { get; set; }

    public bool IsBookable { get; set; } = true;

    public bool IsEnabled { get; set; } = true;

    /// <summary>Marker position on the floor plan, relative (0 to 1), or null if not placed.</summary>
    public double? PlanX { get; set; }

    public double? PlanY { get; set; }

    /// <summary>
    /// Bumped at the start of every booking transaction of this space, so that two bookings of one space are made one
    /// after the other (the row lock serialises them on SQL Server; SQLite serialises writers anyway). Not a rule, not
    /// shown: see docs/decisions/0008-reservations.md.
    /// </summary>
    public long BookingSequence { get; set; }
}
