using Jooxter.Admin.Data;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places;

public sealed record BuildingRow(Guid Id, string Name, string? Address, string TimeZone, int Floors, int Spaces);

/// <summary>The buildings the caller may see, with their size. Editing comes with the places capability.</summary>
public sealed class BuildingDirectoryService(AdminDatabase database, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<BuildingRow>> ListAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var spaces = scope.Spaces(db);
        return await scope.Buildings(db)
            .Where(b => !b.IsArchived)
            .OrderBy(b => b.Name)
            .Select(b => new BuildingRow(
                b.Id, b.Name, b.Address, b.TimeZone,
                db.Floors.Count(f => f.BuildingId == b.Id && !f.IsArchived && (scope.Unlimited || scope.FloorIds.Contains(f.Id))),
                spaces.Count(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == b.Id))))
            .ToListAsync(ct);
    }
}
