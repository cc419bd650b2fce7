using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared.Images;
using SkiaSharp;

namespace Jooxter.Admin.Features.People;

/// <summary>An employee's profile photo, stored re-encoded and resized (which also drops EXIF data such as GPS position).</summary>
public sealed class EmployeePhoto : TenantEntity
{
    public Guid EmployeeId { get; set; }

    public required string ContentType { get; set; }

    [PersonalData(PersonalDataCategory.Identity)]
    public required byte[] Content { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

public enum PhotoProblem
{
    TooLarge,
    UnsupportedType,
    Unreadable,
    TooManyPixels,
}

/// <summary>Checks an uploaded picture and turns it into a small JPEG. Pure: bytes in, bytes out.</summary>
public static class PhotoProcessor
{
    public const int MaxUploadBytes = 5 * 1024 * 1024;
    public const int MaxSourcePixels = 25_000_000;
    public const int Size = 256;

    public static (byte[]? Jpeg, PhotoProblem? Problem) Normalize(byte[] upload)
    {
        if (upload.Length > MaxUploadBytes)
        {
            return (null, PhotoProblem.TooLarge);
        }

        if (RasterImage.Sniff(upload) is null)
        {
            return (null, PhotoProblem.UnsupportedType);
        }

        var (opened, problem) = RasterImage.Open(upload, MaxSourcePixels);
        if (opened is null)
        {
            // Refused before decoding: a small file can declare an enormous picture or carry enormous side data.
            return (null, problem == RasterProblem.TooManyPixels ? PhotoProblem.TooManyPixels : PhotoProblem.Unreadable);
        }

        using var codec = opened;
        // Decode already scaled down where the format allows it (JPEG), so a large photo does not cost its full size in memory.
        var wanted = Math.Min(1f, 2f * Size / Math.Max(codec.Info.Width, codec.Info.Height));
        var scaled = codec.GetScaledDimensions(wanted);
        using var source = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var decoded = codec.GetPixels(source.Info, source.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            using var full = SKBitmap.Decode(codec);
            if (full is null)
            {
                return (null, PhotoProblem.Unreadable);
            }

            return Encode(full);
        }

        return Encode(source);
    }

    private static (byte[]? Jpeg, PhotoProblem? Problem) Encode(SKBitmap source)
    {
        var scale = Math.Min(1.0, (double)Size / Math.Max(source.Width, source.Height));
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        using var resized = source.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? source.Copy();
        using var image = SKImage.FromBitmap(resized);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return (jpeg.ToArray(), null);
    }
}
