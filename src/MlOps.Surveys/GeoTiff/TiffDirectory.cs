using System.Text;

namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// The first image file directory of a classic or BigTIFF file. Entry counts, value sizes and
/// offsets are checked against the file length and the configured limits before anything is
/// allocated, so a hostile header cannot make the reader allocate more than it allows.
/// </summary>
internal sealed class TiffDirectory
{
    private readonly TiffByteSource source;
    private readonly Dictionary<ushort, TiffEntry> entries;
    private readonly GeoTiffReaderOptions options;

    private TiffDirectory(TiffByteSource source, Dictionary<ushort, TiffEntry> entries, GeoTiffReaderOptions options)
    {
        this.source = source;
        this.entries = entries;
        this.options = options;
    }

    public bool IsBigTiff { get; private init; }

    public static TiffDirectory ReadFirst(TiffByteSource source, GeoTiffReaderOptions options)
    {
        Span<byte> header = stackalloc byte[16];
        if (source.Length < 8)
        {
            throw new GeoTiffException($"not a TIFF file: {source.Length} bytes is shorter than a TIFF header (8 bytes).");
        }
        source.Read(0, header[..8], "the TIFF header");
        if (header[0] == 'I' && header[1] == 'I')
        {
            source.BigEndian = false;
        }
        else if (header[0] == 'M' && header[1] == 'M')
        {
            source.BigEndian = true;
        }
        else
        {
            throw new GeoTiffException($"not a TIFF file: the first two bytes are 0x{header[0]:X2} 0x{header[1]:X2}, not \"II\" or \"MM\".");
        }
        var magic = source.UInt16(header[2..]);
        long ifdOffset;
        bool bigTiff;
        if (magic == 42)
        {
            bigTiff = false;
            ifdOffset = source.UInt32(header[4..]);
        }
        else if (magic == 43)
        {
            bigTiff = true;
            source.Read(0, header, "the BigTIFF header");
            var offsetSize = source.UInt16(header[4..]);
            if (offsetSize != 8)
            {
                throw new GeoTiffException($"corrupt BigTIFF header: offset size is {offsetSize}, must be 8.");
            }
            var raw = source.UInt64(header[8..]);
            ifdOffset = raw > long.MaxValue ? -1 : (long)raw;
        }
        else
        {
            throw new GeoTiffException($"not a TIFF file: version number is {magic}, expected 42 (TIFF) or 43 (BigTIFF).");
        }
        if (ifdOffset < 8 || ifdOffset >= source.Length)
        {
            throw new GeoTiffException($"truncated or corrupt: the first IFD offset {ifdOffset} is outside the file ({source.Length} bytes).");
        }

        var countSize = bigTiff ? 8 : 2;
        var entrySize = bigTiff ? 20 : 12;
        var valueFieldSize = bigTiff ? 8 : 4;
        Span<byte> countBytes = stackalloc byte[8];
        source.Read(ifdOffset, countBytes[..countSize], "the IFD entry count");
        var entryCount = bigTiff ? source.UInt64(countBytes) : source.UInt16(countBytes);
        if (entryCount == 0)
        {
            throw new GeoTiffException($"corrupt: the IFD at byte {ifdOffset} has no entries.");
        }
        if (entryCount > (ulong)options.MaxDirectoryEntries)
        {
            throw new GeoTiffException($"corrupt or unsupported: the IFD at byte {ifdOffset} claims {entryCount} entries (limit {options.MaxDirectoryEntries}).");
        }
        var tableBytes = (long)entryCount * entrySize;
        var table = source.Read(ifdOffset + countSize, tableBytes, $"the IFD at byte {ifdOffset} ({entryCount} entries)");
        var entries = new Dictionary<ushort, TiffEntry>();
        for (var i = 0; i < (int)entryCount; i++)
        {
            var e = table.AsSpan(i * entrySize, entrySize);
            var tag = source.UInt16(e);
            var type = (TiffFieldType)source.UInt16(e[2..]);
            var rawCount = bigTiff ? source.UInt64(e[4..]) : source.UInt32(e[4..]);
            var size = type.Size();
            if (size == 0 || entries.ContainsKey(tag))
            {
                continue; // unknown field types are skipped, as TIFF 6.0 asks; the first of duplicate tags wins
            }
            if (rawCount > (ulong)(long.MaxValue / 8))
            {
                throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} claims {rawCount} values.");
            }
            var count = (long)rawCount;
            var byteLength = count * size;
            var fieldPosition = ifdOffset + countSize + (long)i * entrySize + (bigTiff ? 12 : 8);
            long valueOffset;
            if (byteLength <= valueFieldSize)
            {
                valueOffset = fieldPosition;
            }
            else
            {
                var rawOffset = bigTiff ? source.UInt64(e[12..]) : source.UInt32(e[8..]);
                valueOffset = rawOffset > long.MaxValue ? -1 : (long)rawOffset;
            }
            entries[tag] = new TiffEntry(tag, type, count, valueOffset);
        }
        return new TiffDirectory(source, entries, options) { IsBigTiff = bigTiff };
    }

    public bool Has(ushort tag) => entries.ContainsKey(tag);

    public bool TryGet(ushort tag, out TiffEntry entry) => entries.TryGetValue(tag, out entry);

    private byte[] ReadValueBytes(TiffEntry entry, long maxCount)
    {
        if (entry.Count > maxCount)
        {
            throw new GeoTiffException($"corrupt or over the limit: {TiffTags.Name(entry.Tag)} holds {entry.Count} values (at most {maxCount} allowed here).");
        }
        var length = entry.Count * entry.Type.Size();
        if (length > options.MaxTagBytes)
        {
            throw new GeoTiffException($"over the limit: {TiffTags.Name(entry.Tag)} holds {length} bytes (limit {options.MaxTagBytes}).");
        }
        return source.Read(entry.ValueOffset, length, TiffTags.Name(entry.Tag));
    }

    /// <summary>Integer values of an integer-typed tag (BYTE, SHORT, LONG, LONG8 and their signed forms).</summary>
    public long[] GetIntegers(ushort tag, long maxCount) => ReadIntegers(entries[tag], maxCount);

    /// <summary>The first value of an integer tag, or <paramref name="defaultValue"/> when the tag is absent.</summary>
    public long GetInteger(ushort tag, long defaultValue)
    {
        if (!entries.TryGetValue(tag, out var entry))
        {
            return defaultValue;
        }
        if (entry.Count < 1)
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} has no value.");
        }
        return ReadIntegers(entry with { Count = 1 }, 1)[0];
    }

    private long[] ReadIntegers(TiffEntry entry, long maxCount)
    {
        var tag = entry.Tag;
        var bytes = ReadValueBytes(entry, maxCount);
        var values = new long[entry.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = entry.Type switch
            {
                TiffFieldType.Byte or TiffFieldType.Undefined => bytes[i],
                TiffFieldType.SByte => (sbyte)bytes[i],
                TiffFieldType.Short => source.UInt16(bytes.AsSpan(i * 2)),
                TiffFieldType.SShort => (short)source.UInt16(bytes.AsSpan(i * 2)),
                TiffFieldType.Long or TiffFieldType.Ifd => source.UInt32(bytes.AsSpan(i * 4)),
                TiffFieldType.SLong => (int)source.UInt32(bytes.AsSpan(i * 4)),
                TiffFieldType.Long8 or TiffFieldType.Ifd8 => ToLong(source.UInt64(bytes.AsSpan(i * 8)), tag),
                TiffFieldType.SLong8 => (long)source.UInt64(bytes.AsSpan(i * 8)),
                _ => throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} has field type {(int)entry.Type}, expected an integer type."),
            };
        }
        return values;
    }

    public double[] GetDoubles(ushort tag, long maxCount)
    {
        var entry = entries[tag];
        var bytes = ReadValueBytes(entry, maxCount);
        var values = new double[entry.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = entry.Type switch
            {
                TiffFieldType.Double => BitConverter.UInt64BitsToDouble(source.UInt64(bytes.AsSpan(i * 8))),
                TiffFieldType.Float => BitConverter.UInt32BitsToSingle(source.UInt32(bytes.AsSpan(i * 4))),
                TiffFieldType.Rational => (double)source.UInt32(bytes.AsSpan(i * 8)) / source.UInt32(bytes.AsSpan(i * 8 + 4)),
                TiffFieldType.SRational => (double)(int)source.UInt32(bytes.AsSpan(i * 8)) / (int)source.UInt32(bytes.AsSpan(i * 8 + 4)),
                _ => throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} has field type {(int)entry.Type}, expected DOUBLE."),
            };
        }
        return values;
    }

    public string GetAscii(ushort tag, long maxLength)
    {
        var entry = entries[tag];
        if (entry.Type is not (TiffFieldType.Ascii or TiffFieldType.Byte or TiffFieldType.Undefined))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} has field type {(int)entry.Type}, expected ASCII.");
        }
        var bytes = ReadValueBytes(entry, maxLength);
        var end = Array.IndexOf(bytes, (byte)0);
        return Encoding.ASCII.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    private static long ToLong(ulong value, ushort tag) =>
        value > long.MaxValue ? throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} holds the value {value}, too large.") : (long)value;
}
