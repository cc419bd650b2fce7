using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Places;

public sealed class Building : TenantEntity
{
    public required string Name { get; set; }

    public string? Address { get; set; }

    /// <summary>IANA time zone id, e.g. Europe/Paris.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    public bool IsArchived { get; set; }
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

    public bool IsBookable { get; set; } = true;

    public bool IsEnabled { get; set; } = true;

    /// <summary>Marker position on the floor plan, relative (0 to 1), or null if not placed.</summary>
    public double? PlanX { get; set; }

    public double? PlanY { get; set; }
}
