using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places.Import;

public sealed record PlaceImportReport(int DataRows, int Created, int Updated, int Unchanged, IReadOnlyList<ImportIssue> Issues, bool Committed, WorkbookProblem? FileProblem = null)
{
    public int RowsWithErrors => Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.Row).Distinct().Count();
}

/// <summary>
/// Imports spaces from a workbook into the floors the caller manages: a preview first, then everything in one save
/// (or nothing). Rows with errors block the import unless the person chooses to leave them out.
/// </summary>
public sealed class SpaceImportService(AdminDatabase database, CurrentUser currentUser)
{
    public Task<PlaceImportReport> PreviewAsync(byte[] content, bool skipRowsWithErrors, CancellationToken ct = default) => RunAsync(content, skipRowsWithErrors, commit: false, ct);

    public Task<PlaceImportReport> CommitAsync(byte[] content, bool skipRowsWithErrors, CancellationToken ct = default) => RunAsync(content, skipRowsWithErrors, commit: true, ct);

    private async Task<PlaceImportReport> RunAsync(byte[] content, bool skipRowsWithErrors, bool commit, CancellationToken ct)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var places = await DirectoryAsync(db, scope, ct);

        List<SpaceImportRow> valid;
        List<ImportIssue> issues;
        int dataRows;
        try
        {
            (valid, issues, dataRows) = SpaceImport.Parse(content, places);
        }
        catch (WorkbookException error)
        {
            return new PlaceImportReport(0, 0, 0, 0, [], false, error.Problem);
        }

        var floorIds = places.Floors.Values.Distinct().ToList();
        var existing = await db.Spaces.Where(s => floorIds.Contains(s.FloorId)).ToListAsync(ct);
        var byKey = existing.GroupBy(s => (s.FloorId, Names.Fold(s.Name))).ToDictionary(g => g.Key, g => g.First());
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in valid)
        {
            if (!byKey.TryGetValue((row.FloorId, Names.Fold(row.Name)), out var space))
            {
                created++;
                db.Spaces.Add(new Space { FloorId = row.FloorId, ZoneId = row.ZoneId, Name = row.Name, Kind = row.Kind, Capacity = row.Capacity, Amenities = row.Amenities, IsBookable = row.IsBookable });
                continue;
            }

            if (space.ZoneId == row.ZoneId && space.Kind == row.Kind && space.Capacity == row.Capacity && space.Amenities == row.Amenities && space.IsBookable == row.IsBookable && space.Name == row.Name)
            {
                unchanged++;
                continue;
            }

            updated++;
            (space.ZoneId, space.Kind, space.Capacity, space.Amenities, space.IsBookable, space.Name) = (row.ZoneId, row.Kind, row.Capacity, row.Amenities, row.IsBookable, row.Name);
        }

        var report = new PlaceImportReport(dataRows, created, updated, unchanged, issues, false);
        var blocked = issues.Any(i => i.Code == "MissingColumn") || (report.RowsWithErrors > 0 && !skipRowsWithErrors) || dataRows == 0;
        if (!commit || blocked)
        {
            return report;
        }

        await db.SaveChangesAsync(ct);
        return report with { Committed = true };
    }

    public async Task<byte[]> ExportAsync(Guid? buildingId, Func<SpaceColumn, string> header, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var rows = await scope.Spaces(db).AsNoTracking()
            .Join(db.Floors, s => s.FloorId, f => f.Id, (s, f) => new { s, f })
            .Join(db.Buildings, x => x.f.BuildingId, b => b.Id, (x, b) => new { x.s, x.f, b })
            .Where(x => buildingId == null || x.b.Id == buildingId)
            .OrderBy(x => x.b.Name).ThenBy(x => x.f.Level).ThenBy(x => x.s.Name)
            .Select(x => new { Building = x.b.Name, Floor = x.f.Name, Zone = db.Zones.Where(z => z.Id == x.s.ZoneId).Select(z => z.Name).FirstOrDefault(), x.s.Name, x.s.Kind, x.s.Capacity, x.s.Amenities, x.s.IsBookable })
            .ToListAsync(ct);
        return SpaceImport.Export(rows.Select(r => (r.Building, r.Floor, r.Zone, r.Name, r.Kind, r.Capacity, r.Amenities, r.IsBookable)), header);
    }

    private static async Task<PlaceDirectory> DirectoryAsync(AdminDbContext db, PlaceScope scope, CancellationToken ct)
    {
        var directory = new PlaceDirectory();
        var buildings = await scope.Buildings(db).Where(b => !b.IsArchived).Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        foreach (var b in buildings)
        {
            directory.Buildings.TryAdd(Names.Fold(b.Name), b.Id);
        }

        var floors = await db.Floors.Where(f => !f.IsArchived).Select(f => new { f.Id, f.BuildingId, f.Name, f.Level }).ToListAsync(ct);
        foreach (var f in floors.Where(f => scope.CanEditFloor(f.Id)))
        {
            directory.Floors.TryAdd((f.BuildingId, Names.Fold(f.Name)), f.Id);
            directory.Floors.TryAdd((f.BuildingId, f.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)), f.Id);
        }

        var floorIds = directory.Floors.Values.ToHashSet();
        var zones = await db.Zones.Where(z => !z.IsArchived).Select(z => new { z.Id, z.FloorId, z.Name }).ToListAsync(ct);
        foreach (var z in zones.Where(z => floorIds.Contains(z.FloorId)))
        {
            directory.Zones.TryAdd((z.FloorId, Names.Fold(z.Name)), z.Id);
        }

        return directory;
    }
}
