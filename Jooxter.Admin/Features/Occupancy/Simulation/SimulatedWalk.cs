using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy.Ingestion;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Simulation;

/// <summary>
/// People of a customer walking between its beacons, for demonstrations: each consenting person starts at the beacon
/// nearest their booking of today (or a random one), mostly stays, sometimes goes to a room or another desk cluster of
/// the same floor, and now and then leaves. Produces the sightings a phone would post.
/// </summary>
public sealed class SimulatedWalk
{
    private readonly List<(Guid Uuid, int Major, int Minor, Guid Floor, double X, double Y)> _beacons;
    private readonly List<(string Person, int Beacon)> _walkers;
    private readonly Random _random;

    private SimulatedWalk(List<(Guid, int, int, Guid, double, double)> beacons, List<(string, int)> walkers, int seed)
    {
        _beacons = beacons;
        _walkers = walkers;
        _random = new Random(seed);
    }

    public int People => _walkers.Count;

    public static async Task<SimulatedWalk> LoadAsync(AdminDbContext db, DateTime nowUtc, int maxPeople = 150, int seed = 7, CancellationToken ct = default)
    {
        var beacons = (await db.Beacons.AsNoTracking().Where(b => b.FloorId != null && b.X != null && b.Y != null)
                .Select(b => new { b.Uuid, b.Major, b.Minor, Floor = b.FloorId!.Value, X = b.X!.Value, Y = b.Y!.Value }).ToListAsync(ct))
            .Select(b => (b.Uuid, b.Major, b.Minor, b.Floor, b.X, b.Y)).OrderBy(b => b.Major).ThenBy(b => b.Minor).ToList();
        var consenting = await LocationConsents.InForceAsync(db, db.LocationConsents, ct);
        var active = await db.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        var dayStart = nowUtc.Date;
        var booked = await db.Reservations.AsNoTracking()
            .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn) && r.StartsAtUtc < dayStart.AddDays(1) && r.EndsAtUtc > dayStart)
            .Join(db.Spaces, r => r.SpaceId, s => s.Id, (r, s) => new { For = r.BeneficiaryId ?? r.HolderId, s.FloorId, s.PlanX, s.PlanY })
            .ToListAsync(ct);
        var random = new Random(seed);
        var walkers = new List<(string, int)>();
        if (beacons.Count > 0)
        {
            foreach (var booking in booked.Where(b => consenting.Contains(b.For) && b.PlanX != null).DistinctBy(b => b.For).Take(maxPeople * 2 / 3))
            {
                var nearest = beacons.Select((b, i) => (i, d: b.Floor == booking.FloorId ? Math.Pow(b.X - booking.PlanX!.Value, 2) + Math.Pow(b.Y - booking.PlanY!.Value, 2) : double.MaxValue)).MinBy(x => x.d);
                if (nearest.d < double.MaxValue)
                {
                    walkers.Add((booking.For.ToString(), nearest.i));
                }
            }

            var placed = walkers.Select(w => w.Item1).ToHashSet();
            foreach (var person in active.Where(p => consenting.Contains(p) && !placed.Contains(p.ToString())).Take(maxPeople - walkers.Count))
            {
                walkers.Add((person.ToString(), random.Next(beacons.Count)));
            }
        }

        return new SimulatedWalk(beacons, walkers, seed);
    }

    /// <summary>The next sightings: people heard at their beacon, a few moving within their floor, a few leaving for a while.</summary>
    public IReadOnlyList<SightingIn> Next(int count, DateTimeOffset now)
    {
        var sightings = new List<SightingIn>(count);
        if (_walkers.Count == 0)
        {
            return sightings;
        }

        for (var i = 0; i < count; i++)
        {
            var w = _random.Next(_walkers.Count);
            var (person, beacon) = _walkers[w];
            var roll = _random.NextDouble();
            if (roll < 0.08)
            {
                var floor = _beacons[beacon].Floor;
                var sameFloor = _beacons.Select((b, index) => (b, index)).Where(x => x.b.Floor == floor).ToList();
                beacon = sameFloor[_random.Next(sameFloor.Count)].index;
                _walkers[w] = (person, beacon);
            }
            else if (roll < 0.1)
            {
                // Out of reach for now (a break, a meeting elsewhere): no sighting.
                continue;
            }

            var b = _beacons[beacon];
            sightings.Add(new SightingIn(person, b.Uuid.ToString(), b.Major, b.Minor, -55 - _random.Next(25), now.AddMilliseconds(-_random.Next(900)), null));
        }

        return sightings;
    }
}
