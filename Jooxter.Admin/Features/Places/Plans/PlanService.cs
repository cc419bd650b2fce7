using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Features.Shared.Images;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Jooxter.Admin.Features.Places.Plans;

public enum MarkerKind
{
    Space,
    Beacon,
}

public sealed record PlanMarker(MarkerKind Kind, Guid Id, string Name, double? X, double? Y, string State);

public sealed record PlanContent(byte[] Content, string ContentType);

/// <summary>Floor plans and the positions of spaces, beacons and zone outlines on them.</summary>
public sealed class PlacesOptions
{
    public const string Section = "Places";

    /// <summary>A beacon not heard from for longer is reported silent.</summary>
    public TimeSpan BeaconSilentAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A beacon at or below this battery level is reported as low.</summary>
    public int LowBatteryPercent { get; set; } = 20;
}

public sealed class PlanService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PlacesOptions>? options = null)
{
    private readonly PlacesOptions _options = options?.Value ?? new PlacesOptions();

    /// <summary>Replaces (or sets) a floor's plan. Spaces, beacons and their positions are kept: positions are relative.</summary>
    public async Task<OperationResult> UploadAsync(Guid floorId, byte[] upload, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (upload.Length > FloorPlan.MaxBytes)
        {
            return OperationResult.Fail("Plan", "Plan.TooLarge");
        }

        var (content, type, width, height, problem) = Inspect(upload);
        if (problem is not null)
        {
            return OperationResult.Fail("Plan", problem);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!scope.CanEditFloor(floorId) || !await db.Floors.AnyAsync(f => f.Id == floorId, ct))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        var plan = await db.FloorPlans.SingleOrDefaultAsync(p => p.FloorId == floorId, ct);
        if (plan is null)
        {
            plan = new FloorPlan { FloorId = floorId, ContentType = type!, Content = content! };
            db.FloorPlans.Add(plan);
        }

        plan.ContentType = type!;
        plan.Content = content!;
        plan.Width = width;
        plan.Height = height;
        plan.UploadedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    /// <summary>Largest raster plan decoded (an A0 sheet scanned at 150 dpi is about 35 megapixels).</summary>
    public const long MaxPlanPixels = 40_000_000;

    /// <summary>
    /// PNG and JPEG are checked before decoding, decoded within <see cref="MaxPlanPixels"/> and re-encoded in their own
    /// format, which drops EXIF (GPS positions), text chunks and anything appended; SVG is rebuilt by the sanitizer.
    /// Anything else is refused. What is stored is never the uploaded bytes.
    /// </summary>
    public static (byte[]? Content, string? Type, double Width, double Height, string? Problem) Inspect(byte[] upload)
    {
        var kind = RasterImage.Sniff(upload);
        if (kind is RasterKind.Png or RasterKind.Jpeg)
        {
            var (codec, rasterProblem) = RasterImage.Open(upload, MaxPlanPixels);
            if (codec is null)
            {
                return (null, null, 0, 0, rasterProblem == RasterProblem.TooManyPixels ? "Plan.TooManyPixels" : rasterProblem == RasterProblem.OversizedMetadata ? "Plan.OversizedMetadata" : "Plan.Unreadable");
            }

            using (codec)
            using (var decoded = RasterImage.Decode(codec))
            {
                if (decoded is null)
                {
                    return (null, null, 0, 0, "Plan.Unreadable");
                }

                // Turned upright first: the EXIF orientation is dropped with the rest of the metadata.
                var bitmap = RasterImage.Upright(decoded, codec.EncodedOrigin);
                using var turned = ReferenceEquals(bitmap, decoded) ? null : bitmap;
                using var image = SKImage.FromBitmap(bitmap);
                using var encoded = kind == RasterKind.Png ? image.Encode(SKEncodedImageFormat.Png, 100) : image.Encode(SKEncodedImageFormat.Jpeg, 90);
                return (encoded.ToArray(), kind == RasterKind.Png ? "image/png" : "image/jpeg", bitmap.Width, bitmap.Height, null);
            }
        }

        if (kind is not null)
        {
            return (null, null, 0, 0, "Plan.UnsupportedType");
        }

        var result = SvgSanitizer.Sanitize(upload);
        return result.Problem switch
        {
            null when result.Width is { } w && result.Height is { } h => (result.Svg, "image/svg+xml", w, h, null),
            null => (result.Svg, "image/svg+xml", 1000, 1000, null),
            SvgProblem.NotXml => (null, null, 0, 0, "Plan.UnsupportedType"),
            { } problem => (null, null, 0, 0, $"Plan.Svg{problem}"),
        };
    }

    public async Task<PlanContent?> GetAsync(Guid floorId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!await scope.Floors(db).AnyAsync(f => f.Id == floorId, ct))
        {
            return null;
        }

        return await db.FloorPlans.AsNoTracking().Where(p => p.FloorId == floorId).Select(p => new PlanContent(p.Content, p.ContentType)).SingleOrDefaultAsync(ct);
    }

    /// <summary>Spaces and beacons of a floor, placed or not, with a state for the read-only view.</summary>
    public async Task<IReadOnlyList<PlanMarker>> MarkersAsync(Guid floorId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!await scope.Floors(db).AnyAsync(f => f.Id == floorId, ct))
        {
            return [];
        }

        var spaces = await scope.Spaces(db).AsNoTracking().Where(s => s.FloorId == floorId).OrderBy(s => s.Name)
            .Select(s => new PlanMarker(MarkerKind.Space, s.Id, s.Name, s.PlanX, s.PlanY, !s.IsEnabled ? "Disabled" : s.IsBookable ? "Bookable" : "NotBookable"))
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Beacons of this floor, and those not on any floor yet (offered for placement).
        var beacons = (await db.Beacons.AsNoTracking().Where(b => b.FloorId == floorId || (scope.Unlimited && b.FloorId == null)).OrderBy(b => b.Name).ToListAsync(ct))
            .Select(b => new PlanMarker(MarkerKind.Beacon, b.Id, b.Name, b.X, b.Y, b.StateAt(now, _options.BeaconSilentAfter, _options.LowBatteryPercent).ToString()));
        return [.. spaces, .. beacons];
    }

    /// <summary>Places a marker (or takes it off the plan with a null point). A beacon can be put on any floor the caller edits.</summary>
    public async Task<OperationResult> MoveAsync(MarkerKind kind, Guid id, Guid floorId, PlanPoint? point, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (point is { IsValid: false })
        {
            return OperationResult.Fail("Position", "Plan.InvalidPosition");
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (kind == MarkerKind.Space)
        {
            var space = await db.Spaces.SingleOrDefaultAsync(s => s.Id == id && s.FloorId == floorId, ct);
            if (space is null || !scope.CanEditSpace(space.FloorId, space.ZoneId))
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            (space.PlanX, space.PlanY) = (point?.X, point?.Y);
        }
        else
        {
            var beacon = await db.Beacons.SingleOrDefaultAsync(b => b.Id == id, ct);
            if (beacon is null || !scope.CanEditFloor(floorId) || !await db.Floors.AnyAsync(f => f.Id == floorId, ct) || (beacon.FloorId is { } current && current != floorId && !scope.CanEditFloor(current)))
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            beacon.FloorId = point is null ? beacon.FloorId : floorId;
            (beacon.X, beacon.Y) = (point?.X, point?.Y);
        }

        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> SetZoneOutlineAsync(Guid zoneId, IReadOnlyList<PlanPoint> outline, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (outline.Count is > 0 and < 3 || outline.Any(p => !p.IsValid))
        {
            return OperationResult.Fail("Outline", "Plan.InvalidOutline");
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var zone = await db.Zones.SingleOrDefaultAsync(z => z.Id == zoneId, ct);
        if (zone is null || !scope.CanEditSpace(zone.FloorId, zone.Id))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        zone.Outline = outline.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(outline.Select(p => new[] { Math.Round(p.X, 5), Math.Round(p.Y, 5) }));
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public static IReadOnlyList<PlanPoint> ParseOutline(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<double[][]>(json)?.Where(p => p.Length == 2).Select(p => new PlanPoint(p[0], p[1])).ToList() ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
