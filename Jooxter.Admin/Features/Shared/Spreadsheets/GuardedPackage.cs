using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;

namespace Jooxter.Admin.Features.Shared.Spreadsheets;

/// <summary>
/// The zip container of an uploaded Office file, opened with limits that hold for every part whatever its name or
/// declared content type: number of entries (read from the archive's directory before the archive is opened), declared
/// size of each part, total size, compression ratio, and the bytes actually inflated when a part is read.
/// </summary>
internal sealed class GuardedPackage : IDisposable
{
    /// <summary>A workbook with many sheets, pictures and charts has a few hundred parts.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>Largest uncompressed part (a million empty formatted rows is about 70 MB).</summary>
    public const long MaxPartBytes = 256L * 1024 * 1024;

    public const long MaxTotalBytes = 512L * 1024 * 1024;

    /// <summary>Spreadsheet XML compresses up to about 100:1; a bomb reaches 1000:1. Applies to parts above a megabyte.</summary>
    public const int MaxCompressionRatio = 250;

    /// <summary>Deeper XML is never produced by a spreadsheet program.</summary>
    public const int MaxXmlDepth = 64;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private GuardedPackage(ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries)
    {
        _zip = zip;
        _entries = entries;
    }

    public static GuardedPackage Open(byte[] content)
    {
        var declared = DeclaredEntryCount(content);
        if (declared is null)
        {
            throw new WorkbookException(WorkbookProblem.Corrupt, "The archive's directory cannot be found.");
        }

        if (declared > MaxEntries)
        {
            throw new WorkbookException(WorkbookProblem.TooManyParts, $"The archive holds {declared} files.");
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException)
        {
            throw new WorkbookException(WorkbookProblem.Corrupt, "The archive cannot be opened.");
        }

        try
        {
            if (zip.Entries.Count > MaxEntries)
            {
                throw new WorkbookException(WorkbookProblem.TooManyParts, $"The archive holds {zip.Entries.Count} files.");
            }

            long total = 0;
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.Length / (double)Math.Max(1, entry.CompressedLength);
                if (entry.Length > MaxPartBytes || total > MaxTotalBytes || (entry.Length > 1024 * 1024 && ratio > MaxCompressionRatio))
                {
                    throw new WorkbookException(WorkbookProblem.Oversized, "A part expands beyond the limits.");
                }

                entries.TryAdd(entry.FullName.TrimStart('/'), entry);
            }

            return new GuardedPackage(zip, entries);
        }
        catch (InvalidDataException)
        {
            zip.Dispose();
            throw new WorkbookException(WorkbookProblem.Corrupt, "The archive's directory is damaged.");
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name.TrimStart('/'));

    /// <summary>
    /// A streaming XML reader over one part, which refuses more bytes than <paramref name="limit"/> (or than the part
    /// declared), documents type declarations, and nesting deeper than <see cref="MaxXmlDepth"/>.
    /// </summary>
    public GuardedXmlReader? OpenXml(string name, long limit)
    {
        if (!_entries.TryGetValue(name.TrimStart('/'), out var entry))
        {
            return null;
        }

        if (entry.Length > limit)
        {
            throw new WorkbookException(WorkbookProblem.Oversized, $"The part {name} is larger than {limit} bytes.");
        }

        Stream stream;
        try
        {
            stream = new LimitedStream(entry.Open(), Math.Min(limit, entry.Length));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            throw new WorkbookException(WorkbookProblem.Corrupt, $"The part {name} cannot be read.");
        }

        return new GuardedXmlReader(stream);
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>Reads the entry count from the end-of-central-directory record, without building the archive's entry list.</summary>
    internal static long? DeclaredEntryCount(byte[] content)
    {
        var span = content.AsSpan();
        const int eocdSize = 22;
        var lowest = Math.Max(0, span.Length - eocdSize - ushort.MaxValue);
        for (var i = span.Length - eocdSize; i >= lowest; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[i..]) == 0x06054b50)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 10)..]);
                // 0xFFFF means a zip64 archive: no workbook needs one, and the real count is then certainly large.
                return count == ushort.MaxValue ? long.MaxValue : count;
            }
        }

        return null;
    }

    /// <summary>
    /// Longest run of bytes between two angle brackets: one tag with its attributes, or one text node. A cell's text is
    /// at most 32,767 characters; a parser fed a 200 MB text node or a tag of millions of attributes holds it all at once.
    /// </summary>
    public const int MaxMarkupRun = 256 * 1024;

    /// <summary>Stops a part that inflates to more than it declared or than its limit, or that holds an endless tag or text.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        private long _run;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException)
            {
                throw new WorkbookException(WorkbookProblem.Corrupt, "A part of the archive is damaged.");
            }

            _read += n;
            if (_read > limit)
            {
                throw new WorkbookException(WorkbookProblem.Oversized, "A part inflates to more than it declared.");
            }

            // Measure every run between two brackets, carrying the open run over to the next read.
            var span = buffer[..n];
            var offset = 0;
            while (true)
            {
                var next = span[offset..].IndexOfAny((byte)'<', (byte)'>');
                _run += next < 0 ? span.Length - offset : next;
                if (_run > MaxMarkupRun)
                {
                    throw new WorkbookException(WorkbookProblem.Oversized, "A tag or a text in the workbook is longer than any spreadsheet program writes.");
                }

                if (next < 0)
                {
                    break;
                }

                _run = 0;
                offset += next + 1;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A forward-only XML reader over an untrusted part: no DTD, no resolver, bounded depth; malformed XML becomes <see cref="WorkbookProblem.Corrupt"/>.</summary>
internal sealed class GuardedXmlReader : IDisposable
{
    private readonly XmlReader _reader;

    public GuardedXmlReader(Stream stream)
    {
        _reader = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });
    }

    public XmlNodeType NodeType => _reader.NodeType;

    public string LocalName => _reader.LocalName;

    public int Depth => _reader.Depth;

    public bool IsEmptyElement => _reader.IsEmptyElement;

    public string Value => _reader.Value;

    public bool IsElement(string localName) => _reader.NodeType == XmlNodeType.Element && _reader.LocalName == localName;

    public bool IsEndElement(string localName) => _reader.NodeType == XmlNodeType.EndElement && _reader.LocalName == localName;

    public string? Attribute(string localName)
    {
        if (!_reader.HasAttributes)
        {
            return null;
        }

        for (var i = 0; i < _reader.AttributeCount; i++)
        {
            _reader.MoveToAttribute(i);
            if (_reader.LocalName == localName)
            {
                var value = _reader.Value;
                _reader.MoveToElement();
                return value;
            }
        }

        _reader.MoveToElement();
        return null;
    }

    public bool Read()
    {
        try
        {
            if (!_reader.Read())
            {
                return false;
            }
        }
        catch (XmlException)
        {
            throw new WorkbookException(WorkbookProblem.Corrupt, "A part of the workbook is not well-formed XML.");
        }

        if (_reader.Depth > GuardedPackage.MaxXmlDepth)
        {
            throw new WorkbookException(WorkbookProblem.TooDeep, "A part of the workbook is nested deeper than any spreadsheet program writes.");
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();
}
