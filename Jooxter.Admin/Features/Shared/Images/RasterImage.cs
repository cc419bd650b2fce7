using System.Buffers.Binary;
using SkiaSharp;

namespace Jooxter.Admin.Features.Shared.Images;

public enum RasterKind
{
    Png,
    Jpeg,
    WebP,
}

public enum RasterProblem
{
    Unreadable,
    TooManyPixels,

    /// <summary>Text, colour-profile or other side data far larger than a picture needs (it could expand to gigabytes when read).</summary>
    OversizedMetadata,
}

/// <summary>
/// The one way uploaded pictures (photos, floor plans, pictures embedded in SVG plans) are checked before they are
/// decoded: by signature, by the size they declare (a small file can declare an enormous picture), and, for PNG, by the
/// size of their side chunks. Pictures that pass are decoded and re-encoded by the caller, which drops EXIF, GPS
/// positions, text chunks and anything appended after the image data.
/// </summary>
public static class RasterImage
{
    /// <summary>Text, ICC profile, EXIF and private chunks of a PNG, together.</summary>
    public const int MaxPngSideChunkBytes = 1024 * 1024;

    /// <summary>A compressed text or colour-profile chunk may inflate a thousandfold when a decoder reads it.</summary>
    public const int MaxPngCompressedChunkBytes = 128 * 1024;

    public static RasterKind? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length > 8 && b[..8].SequenceEqual(PngSignature))
        {
            return RasterKind.Png;
        }

        if (b.Length > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return RasterKind.Jpeg;
        }

        return b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? RasterKind.WebP : null;
    }

    /// <summary>
    /// Opens a codec over the picture after the checks that need no decoding. The codec reads only the header here;
    /// the caller decodes (bounded by <paramref name="maxPixels"/>) and disposes it.
    /// </summary>
    public static (SKCodec? Codec, RasterProblem? Problem) Open(byte[] content, long maxPixels)
    {
        var kind = Sniff(content);
        if (kind is null)
        {
            return (null, RasterProblem.Unreadable);
        }

        if (kind == RasterKind.Png)
        {
            var side = PngSideChunks(content);
            if (side is null)
            {
                return (null, RasterProblem.Unreadable);
            }

            if (side > MaxPngSideChunkBytes)
            {
                return (null, RasterProblem.OversizedMetadata);
            }
        }

        var codec = SKCodec.Create(new MemoryStream(content, writable: false));
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            codec?.Dispose();
            return (null, RasterProblem.Unreadable);
        }

        if ((long)codec.Info.Width * codec.Info.Height > maxPixels)
        {
            codec.Dispose();
            return (null, RasterProblem.TooManyPixels);
        }

        return (codec, null);
    }

    /// <summary>Decodes a picture already checked by <see cref="Open"/> at its full size.</summary>
    public static SKBitmap? Decode(SKCodec codec)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>
    /// The picture as it is meant to be seen: a camera or phone stores it sideways with an EXIF orientation, which
    /// re-encoding drops, so the pixels are turned here. Returns the source itself when it is already upright.
    /// </summary>
    public static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        SKMatrix? matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (matrix is not { } turn)
        {
            return source;
        }

        var swapped = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var upright = new SKBitmap(new SKImageInfo(swapped ? source.Height : source.Width, swapped ? source.Width : source.Height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(turn);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return upright;
    }

    /// <summary>Bytes in a PNG's chunks other than header, palette, transparency and image data; null when the chunk list is broken.</summary>
    internal static long? PngSideChunks(ReadOnlySpan<byte> png)
    {
        long side = 0;
        var position = 8;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12L + length > png.Length)
            {
                return null;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return side;
            }

            if (!(type.SequenceEqual("IHDR"u8) || type.SequenceEqual("IDAT"u8) || type.SequenceEqual("PLTE"u8) || type.SequenceEqual("tRNS"u8)))
            {
                var compressed = type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8) || type.SequenceEqual("iCCP"u8);
                // Counted as over the limit outright: a compressed side chunk that large is a bomb, not a picture's metadata.
                side += compressed && length > MaxPngCompressedChunkBytes ? MaxPngSideChunkBytes + 1L : length;
            }

            position += 12 + (int)length;
        }

        return null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
