using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>Computes a floor's live picture from presences (within the silence, and always within 30 minutes) and today's bookings.</summary>
public static class LiveOccupancyReader
{
    /// <summary>A booking without anyone present this long after its start shows as booked but empty.</summary>
    public static readonly TimeSpan EmptyAfter = TimeSpan.FromMinutes(15);

    public static async Task<FloorSnapshot?> SnapshotAsync(AdminDbContext db, Guid floorId, DateTime now, TimeSpan silence, CancellationToken ct = default)
    {
        var floor = await db.Floors.AsNoTracking().Where(f => f.Id == floorId).Select(f => new { f.BuildingId, f.TenantId }).FirstOrDefaultAsync(ct);
        if (floor is null)
        {
            return null;
        }

        var spaces = await db.Spaces.AsNoTracking().Where(s => s.FloorId == floorId && s.IsEnabled).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.ZoneId, s.Capacity }).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.FloorId == floorId && !z.IsArchived).OrderBy(z => z.Name).Select(z => new { z.Id, z.Name }).ToListAsync(ct);
        var presentSince = now - silence;
        var present = (await db.Presences.AsNoTracking().Where(p => p.FloorId == floorId && p.SeenAtUtc > presentSince)
                .GroupBy(p => p.SpaceId).Select(g => new { SpaceId = g.Key, People = g.Count() }).ToListAsync(ct))
            .ToDictionary(p => p.SpaceId, p => p.People);
        var spaceIds = spaces.Select(s => s.Id).ToList();
        var bookings = (await db.Reservations.AsNoTracking()
                .Where(r => spaceIds.Contains(r.SpaceId) && (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn) && r.StartsAtUtc <= now && r.EndsAtUtc > now)
                .Select(r => new { r.SpaceId, r.Status, r.StartsAtUtc }).ToListAsync(ct))
            .GroupBy(r => r.SpaceId).ToDictionary(g => g.Key, g => g.First());

        var live = spaces.Select(s =>
        {
            var people = present.GetValueOrDefault(s.Id);
            var booking = bookings.GetValueOrDefault(s.Id);
            var state = (people > 0, booking) switch
            {
                (true, not null) => LiveSpaceState.Occupied,
                (true, null) => LiveSpaceState.OccupiedWithoutBooking,
                (false, { Status: ReservationStatus.CheckedIn }) => LiveSpaceState.Booked,
                (false, not null) when now - booking.StartsAtUtc >= EmptyAfter => LiveSpaceState.BookedButEmpty,
                (false, not null) => LiveSpaceState.Booked,
                _ => LiveSpaceState.Free,
            };
            return (Space: s, Live: new LiveSpace(s.Id, state, people), Booking: booking);
        }).ToList();

        var byZone = live.ToLookup(l => (Guid?)l.Space.ZoneId);
        var zoneRows = zones.Select(z => new LiveZone(z.Id, z.Name, Totals(byZone[z.Id].Select(l => (l.Space.Capacity, l.Live.Present, l.Booking is not null, l.Booking?.Status == ReservationStatus.CheckedIn)))))
            .ToList();
        if (byZone[null].Any())
        {
            zoneRows.Add(new LiveZone(null, null, Totals(byZone[null].Select(l => (l.Space.Capacity, l.Live.Present, l.Booking is not null, l.Booking?.Status == ReservationStatus.CheckedIn)))));
        }

        var totals = Totals(live.Select(l => (l.Space.Capacity, l.Live.Present, l.Booking is not null, l.Booking?.Status == ReservationStatus.CheckedIn)));
        return new FloorSnapshot(floor.TenantId, floor.BuildingId, floorId, now, totals, zoneRows, live.Select(l => l.Live).ToList());
    }

    private static LiveCounts Totals(IEnumerable<(int Capacity, int Present, bool Booked, bool CheckedIn)> rows)
    {
        int present = 0, booked = 0, checkedIn = 0, capacity = 0;
        foreach (var r in rows)
        {
            present += r.Present;
            booked += r.Booked ? 1 : 0;
            checkedIn += r.CheckedIn ? 1 : 0;
            capacity += r.Capacity;
        }

        return new LiveCounts(present, booked, checkedIn, capacity);
    }
}
