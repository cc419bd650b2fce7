using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Jooxter.Admin.Tests.Support.Hostile;

/// <summary>Low-level builders for hostile files: zip parts written or patched by hand, PNG chunks, JPEG segments.</summary>
public static class HostileBytes
{
    /// <summary>Takes a valid workbook and changes its parts.</summary>
    public static byte[] Mutate(byte[] workbook, Action<ZipArchive> change)
    {
        using var output = new MemoryStream();
        output.Write(workbook);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            change(zip);
        }

        return output.ToArray();
    }

    /// <summary>Replaces (or adds) a part, its content written by <paramref name="write"/> as a stream, so that hundreds of megabytes cost no memory.</summary>
    public static void Put(ZipArchive zip, string name, Action<TextWriter> write, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        if (zip.Mode != ZipArchiveMode.Create)
        {
            zip.GetEntry(name)?.Delete();
        }

        using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false), 1 << 16);
        write(writer);
    }

    public static void Put(ZipArchive zip, string name, string text) => Put(zip, name, w => w.Write(text));

    public static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    public static void Edit(ZipArchive zip, string name, Func<string, string> change) => Put(zip, name, change(Read(zip, name)));

    /// <summary>A zip with the given entries, each written by its action.</summary>
    public static byte[] Zip(params (string Name, Action<TextWriter> Write)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in entries)
            {
                Put(zip, name, write);
            }
        }

        return output.ToArray();
    }

    public static void Repeat(TextWriter writer, string text, long times)
    {
        for (long i = 0; i < times; i++)
        {
            writer.Write(text);
        }
    }

    /// <summary>Sets the uncompressed size an entry declares (local header and central directory) to a lie.</summary>
    public static byte[] LieAboutSize(byte[] zip, string entryName, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
            }
            else if (signature == 0x02014b50 && i + 46 + name.Length <= bytes.Length && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
            }
        }

        return bytes;
    }

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A PNG that declares <paramref name="width"/> × <paramref name="height"/> pixels, with one tiny image-data chunk.</summary>
    public static byte[] PngDeclaring(int width, int height, params byte[][] extraChunks)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(new byte[1024]);
        }

        return [.. PngSignature, .. Chunk("IHDR", header), .. extraChunks.SelectMany(c => c), .. Chunk("IDAT", idat.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>A real small PNG with chunks inserted before its image data.</summary>
    public static byte[] PngWith(params byte[][] chunks)
    {
        var png = Images.Png(64, 48);
        var ihdrEnd = 8 + 12 + 13;
        return [.. png.AsSpan(0, ihdrEnd), .. chunks.SelectMany(c => c), .. png.AsSpan(ihdrEnd)];
    }

    public static byte[] Compressed(long zeros)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 16];
            for (long written = 0; written < zeros; written += block.Length)
            {
                z.Write(block);
            }
        }

        return output.ToArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.DarkSeaGreen);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    /// <summary>A JPEG carrying an EXIF segment with a GPS position, and an HTML page appended after its end.</summary>
    public static byte[] JpegWithGpsAndHtml()
    {
        var jpeg = Jpeg(320, 200);
        // A TIFF header with one IFD entry pointing to a GPS IFD, and the position written out as text too.
        var exif = new MemoryStream();
        exif.Write("Exif\0\0"u8);
        exif.Write([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        exif.Write("GPSLatitude=48.8566N;GPSLongitude=2.3522E"u8);
        var segment = exif.ToArray();
        var app1 = new byte[4 + segment.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(segment.Length + 2));
        segment.CopyTo(app1, 4);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2), .. "<html><script>alert(document.cookie)</script></html>"u8];
    }

    /// <summary>A JPEG stored sideways, with the EXIF orientation (1–8) a camera writes to have it shown upright.</summary>
    public static byte[] JpegWithOrientation(int width, int height, ushort orientation)
    {
        var jpeg = Jpeg(width, height);
        // TIFF header, one IFD entry: tag 0x0112 (Orientation), type SHORT, count 1, value; then no next IFD.
        byte[] exif = [.. "Exif\0\0"u8, 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (byte)orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        var app1 = new byte[4 + exif.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(app1, 4);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>A lossless WebP header declaring a 16384 × 16384 picture.</summary>
    public static byte[] WebPDeclaring(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        byte[] vp8l = [0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0, 0, 0, 0, 0];
        var riff = new MemoryStream();
        riff.Write("WEBPVP8L"u8);
        riff.Write(BitConverter.GetBytes(vp8l.Length));
        riff.Write(vp8l);
        var body = riff.ToArray();
        return [.. "RIFF"u8, .. BitConverter.GetBytes(body.Length), .. body];
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
