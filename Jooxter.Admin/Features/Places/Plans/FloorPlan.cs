using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Places.Plans;

/// <summary>A floor's plan image: PNG or JPEG as uploaded (checked), SVG only after <see cref="SvgSanitizer"/>.</summary>
public sealed class FloorPlan : TenantEntity
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public Guid FloorId { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    /// <summary>The image's own size (pixels, or SVG user units), for turning relative positions into drawing positions.</summary>
    public double Width { get; set; }

    public double Height { get; set; }

    public DateTime UploadedAtUtc { get; set; }
}
