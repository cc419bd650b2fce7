using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places.Beacons;

public sealed class BeaconForm
{
    public Guid? Id { get; set; }

    public string Uuid { get; set; } = "";

    public int Major { get; set; }

    public int Minor { get; set; }

    public string Name { get; set; } = "";

    public int TxPower { get; set; } = -59;

    public int? BatteryPercent { get; set; }
}

public sealed record BeaconRow(Guid Id, Guid Uuid, int Major, int Minor, string Name, int TxPower, int? BatteryPercent, string? Floor, bool Placed, DateTime? LastSeenAtUtc, BeaconState State);

/// <summary>The iBeacon registry of the caller's organisation and its health.</summary>
public sealed class BeaconService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PlacesOptions>? options = null)
{
    private readonly PlacesOptions _options = options?.Value ?? new PlacesOptions();

    public async Task<IReadOnlyList<BeaconRow>> ListAsync(bool onlyUnhealthy = false, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var floors = await scope.Floors(db).Select(f => new { f.Id, Name = db.Buildings.Where(b => b.Id == f.BuildingId).Select(b => b.Name).First() + " › " + f.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var visible = scope.Unlimited ? db.Beacons : db.Beacons.Where(b => b.FloorId != null && scope.FloorIds.Contains(b.FloorId.Value));
        var rows = (await visible.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct))
            .Select(b => new BeaconRow(b.Id, b.Uuid, b.Major, b.Minor, b.Name, b.TxPower, b.BatteryPercent, b.FloorId is { } f ? floors.GetValueOrDefault(f) : null, b.X is not null, b.LastSeenAtUtc, b.StateAt(now, _options.BeaconSilentAfter, _options.LowBatteryPercent)));
        return onlyUnhealthy ? rows.Where(r => r.State != BeaconState.Active).ToList() : rows.ToList();
    }

    /// <summary>Registers or updates beacons from a workbook, matched by UUID, major and minor: everything or nothing.</summary>
    public async Task<Import.PlaceImportReport> ImportAsync(byte[] content, bool skipRowsWithErrors, bool commit, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        await using var db = await database.OpenAsync();
        if (!(await PlaceScope.ForAsync(db, user, ct)).Unlimited)
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        List<Import.BeaconImportRow> valid;
        List<People.Import.ImportIssue> issues;
        int rows;
        try
        {
            (valid, issues, rows) = Import.BeaconImport.Parse(content);
        }
        catch (WorkbookException error)
        {
            return new Import.PlaceImportReport(0, 0, 0, 0, [], false, error.Problem);
        }

        var existing = (await db.Beacons.ToListAsync(ct)).ToDictionary(b => (b.Uuid, b.Major, b.Minor));
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in valid)
        {
            if (!existing.TryGetValue((row.Uuid, row.Major, row.Minor), out var beacon))
            {
                created++;
                db.Beacons.Add(new Beacon { Uuid = row.Uuid, Major = row.Major, Minor = row.Minor, Name = row.Name, TxPower = row.TxPower, BatteryPercent = row.Battery });
            }
            else if (beacon.Name == row.Name && beacon.TxPower == row.TxPower && beacon.BatteryPercent == row.Battery)
            {
                unchanged++;
            }
            else
            {
                updated++;
                (beacon.Name, beacon.TxPower, beacon.BatteryPercent) = (row.Name, row.TxPower, row.Battery);
            }
        }

        var report = new Import.PlaceImportReport(rows, created, updated, unchanged, issues, false);
        if (!commit || rows == 0 || issues.Any(i => i.Code == "MissingColumn") || (report.RowsWithErrors > 0 && !skipRowsWithErrors))
        {
            return report;
        }

        await db.SaveChangesAsync(ct);
        return report with { Committed = true };
    }

    public async Task<byte[]> ExportAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var visible = scope.Unlimited ? db.Beacons : db.Beacons.Where(b => b.FloorId != null && scope.FloorIds.Contains(b.FloorId.Value));
        return Import.BeaconImport.Export(await visible.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct));
    }

    public static OperationResult Validate(BeaconForm form)
    {
        var errors = new List<OperationError>();
        if (!Guid.TryParse(form.Uuid, out _)) errors.Add(new(nameof(form.Uuid), "Beacons.InvalidUuid"));
        if (!Beacon.IsValidIdentifier(form.Major)) errors.Add(new(nameof(form.Major), "Beacons.InvalidIdentifier"));
        if (!Beacon.IsValidIdentifier(form.Minor)) errors.Add(new(nameof(form.Minor), "Beacons.InvalidIdentifier"));
        if (string.IsNullOrWhiteSpace(form.Name)) errors.Add(new(nameof(form.Name), "Validation.Required"));
        if (form.Name.Trim().Length > 150) errors.Add(new(nameof(form.Name), "Validation.TooLong"));
        if (form.TxPower is < -120 or > 20) errors.Add(new(nameof(form.TxPower), "Beacons.InvalidTxPower"));
        if (form.BatteryPercent is < 0 or > 100) errors.Add(new(nameof(form.BatteryPercent), "Beacons.InvalidBattery"));
        return new OperationResult(errors);
    }

    public async Task<SaveResult> SaveAsync(BeaconForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        var validation = Validate(form);
        if (!validation.Succeeded)
        {
            return new SaveResult(validation, form.Id);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var uuid = Guid.Parse(form.Uuid);
        if (await db.Beacons.AnyAsync(b => b.Uuid == uuid && b.Major == form.Major && b.Minor == form.Minor && b.Id != form.Id, ct))
        {
            return new SaveResult(OperationResult.Fail(nameof(form.Minor), "Beacons.Duplicate"), form.Id);
        }

        Beacon beacon;
        if (form.Id is null)
        {
            // A space manager registers beacons only when placing them on a floor of theirs; the registry is the facility managers'.
            if (!scope.Unlimited)
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            beacon = new Beacon { Name = "" };
            db.Beacons.Add(beacon);
        }
        else
        {
            beacon = await db.Beacons.SingleOrDefaultAsync(b => b.Id == form.Id, ct) ?? throw new AccessDeniedException(Capability.ManagePlaces);
            if (!scope.Unlimited && (beacon.FloorId is not { } floor || !scope.CanEditFloor(floor)))
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }
        }

        beacon.Uuid = uuid;
        beacon.Major = form.Major;
        beacon.Minor = form.Minor;
        beacon.Name = form.Name.Trim();
        beacon.TxPower = form.TxPower;
        beacon.BatteryPercent = form.BatteryPercent;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new SaveResult(OperationResult.Fail(nameof(form.Minor), "Beacons.Duplicate"), form.Id);
        }

        return new SaveResult(OperationResult.Ok, beacon.Id);
    }
}
