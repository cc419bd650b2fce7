namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>What a space shows on the live plan. Colour is never the only cue: each has its own label and symbol.</summary>
public enum LiveSpaceState
{
    Free,
    Booked,
    Occupied,
    OccupiedWithoutBooking,
    BookedButEmpty,
}

/// <summary>Counts of one area: people present, spaces booked and checked in, seats.</summary>
public sealed record LiveCounts(int Present, int Booked, int CheckedIn, int Capacity);

public sealed record LiveZone(Guid? ZoneId, string? Name, LiveCounts Counts);

public sealed record LiveSpace(Guid SpaceId, LiveSpaceState State, int Present);

/// <summary>
/// The live picture of one floor at one moment: counts only, never who. The same message feeds the console's live
/// pages and the hub's subscribers, on every instance.
/// </summary>
public sealed record FloorSnapshot(Guid TenantId, Guid BuildingId, Guid FloorId, DateTime AtUtc, LiveCounts Totals, IReadOnlyList<LiveZone> Zones, IReadOnlyList<LiveSpace> Spaces)
{
    /// <summary>Which instance computed it: only that one forwards it to the hub (the backplane carries it to the others).</summary>
    public string Origin { get; init; } = "";

    /// <summary>Equal pictures, whenever taken: nothing to push.</summary>
    public bool SameAs(FloorSnapshot? other) =>
        other is not null && other.Totals == Totals && other.Zones.SequenceEqual(Zones) && other.Spaces.SequenceEqual(Spaces);
}
