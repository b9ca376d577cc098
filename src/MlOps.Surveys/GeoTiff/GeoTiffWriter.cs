using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using MlOps.Surveys.GeoTiff.Codecs;

namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// Writes a tiled, Deflate-compressed, little-endian classic GeoTIFF that GDAL reads: Float32
/// with the floating-point predictor or Byte with horizontal differencing, one plane per band,
/// georeferencing (ModelPixelScale + ModelTiepoint, or ModelTransformation when rotated), an EPSG
/// GeoKeyDirectory and GDAL's nodata tag. Rows are streamed in order; only one row of tiles is
/// held in memory. The file appears under its name only after <see cref="Complete"/>; a writer
/// disposed before that removes its partial file.
/// </summary>
public sealed class GeoTiffWriter : IDisposable
{
    private readonly GeoTiffWriterOptions options;
    private readonly string path;
    private readonly string partialPath;
    private readonly FileStream file;
    private readonly int bytesPerSample;
    private readonly int tilesAcross;
    private readonly int tilesDown;
    private readonly int paddedWidth;
    private readonly byte[][] tileRowBuffers;
    private readonly uint[] tileOffsets;
    private readonly uint[] tileByteCounts;
    private readonly byte[] noDataSample;
    private int rowsInBuffer;
    private int tileRow;
    private bool completed;

    private GeoTiffWriter(string path, GeoTiffWriterOptions options)
    {
        options.Validate();
        this.options = options;
        this.path = Path.GetFullPath(path);
        partialPath = this.path + ".partial";
        bytesPerSample = options.DataType.SizeInBytes();
        var tile = options.TileSize;
        tilesAcross = (options.Width + tile - 1) / tile;
        tilesDown = (options.Height + tile - 1) / tile;
        paddedWidth = tilesAcross * tile;
        noDataSample = new byte[bytesPerSample];
        SampleConverter.Encode(options.NoData ?? 0, options.DataType, bigEndian: false, noDataSample);
        tileRowBuffers = new byte[options.BandCount][];
        for (var b = 0; b < options.BandCount; b++)
        {
            tileRowBuffers[b] = new byte[(long)tile * paddedWidth * bytesPerSample];
            FillNoData(tileRowBuffers[b]);
        }
        var tiles = (long)tilesAcross * tilesDown * options.BandCount;
        tileOffsets = new uint[tiles];
        tileByteCounts = new uint[tiles];
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
        file = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[8];
        header[0] = (byte)'I';
        header[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 42);
        file.Write(header); // the IFD offset is patched in by Complete
    }

    public static GeoTiffWriter Create(string path, GeoTiffWriterOptions options) => new(path, options);

    public GeoTiffWriterOptions Options => options;

    public int RowsWritten { get; private set; }

    /// <summary>Appends whole rows of every band, band after band: rows[(band · rowCount + row) · Width + column].</summary>
    public void WriteRows(ReadOnlySpan<float> rows)
    {
        if (options.DataType != RasterDataType.Float32)
        {
            throw new InvalidOperationException($"this writer writes {options.DataType} samples; pass bytes.");
        }
        Append(MemoryMarshal.AsBytes(rows), rows.Length);
    }

    /// <inheritdoc cref="WriteRows(ReadOnlySpan{float})"/>
    public void WriteRows(ReadOnlySpan<byte> rows)
    {
        if (options.DataType != RasterDataType.Byte)
        {
            throw new InvalidOperationException($"this writer writes {options.DataType} samples; pass floats.");
        }
        Append(rows, rows.Length);
    }

    /// <summary>Writes the directory and moves the file into place. Every row must have been written.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(completed, this);
        if (RowsWritten != options.Height)
        {
            throw new InvalidOperationException($"{RowsWritten} of {options.Height} rows were written.");
        }
        if (rowsInBuffer > 0)
        {
            FlushTileRow();
        }
        WriteDirectory();
        file.Flush(flushToDisk: true);
        file.Dispose();
        File.Move(partialPath, path, overwrite: true);
        completed = true;
    }

    public void Dispose()
    {
        if (completed)
        {
            return;
        }
        file.Dispose();
        File.Delete(partialPath);
        completed = true;
    }

    private void Append(ReadOnlySpan<byte> data, int sampleCount)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        var samplesPerRow = (long)options.Width * options.BandCount;
        if (sampleCount % samplesPerRow != 0)
        {
            throw new ArgumentException($"{sampleCount} samples is not a whole number of rows of {options.BandCount} band(s) × {options.Width} columns.");
        }
        var rowCount = (int)(sampleCount / samplesPerRow);
        if (RowsWritten + rowCount > options.Height)
        {
            throw new InvalidOperationException($"{RowsWritten + rowCount} rows would pass the raster height {options.Height}.");
        }
        var rowBytes = options.Width * bytesPerSample;
        var done = 0;
        while (done < rowCount)
        {
            var take = Math.Min(rowCount - done, options.TileSize - rowsInBuffer);
            for (var b = 0; b < options.BandCount; b++)
            {
                for (var r = 0; r < take; r++)
                {
                    var source = data.Slice((int)(((long)b * rowCount + done + r) * rowBytes), rowBytes);
                    source.CopyTo(tileRowBuffers[b].AsSpan((rowsInBuffer + r) * paddedWidth * bytesPerSample));
                }
            }
            rowsInBuffer += take;
            done += take;
            RowsWritten += take;
            if (rowsInBuffer == options.TileSize)
            {
                FlushTileRow();
            }
        }
    }

    private void FlushTileRow()
    {
        var tile = options.TileSize;
        var bands = options.BandCount;
        for (var b = 0; b < bands; b++)
        {
            FillNoData(tileRowBuffers[b].AsSpan(rowsInBuffer * paddedWidth * bytesPerSample));
        }
        var compressed = new byte[bands * tilesAcross][];
        Parallel.For(0, compressed.Length, job =>
        {
            var band = job / tilesAcross;
            var column = job % tilesAcross;
            var tileBytes = new byte[tile * tile * bytesPerSample];
            var source = tileRowBuffers[band];
            var tileRowBytes = tile * bytesPerSample;
            for (var r = 0; r < tile; r++)
            {
                source.AsSpan((r * paddedWidth + column * tile) * bytesPerSample, tileRowBytes)
                    .CopyTo(tileBytes.AsSpan(r * tileRowBytes));
            }
            if (options.DataType == RasterDataType.Float32)
            {
                Predictors.ApplyFloatingPoint(tileBytes, tile, tile, 1, bytesPerSample);
            }
            else
            {
                Predictors.ApplyHorizontal(tileBytes, tile, tile, 1, bytesPerSample);
            }
            compressed[job] = DeflateCodec.Encode(tileBytes, options.CompressionLevel);
        });
        for (var job = 0; job < compressed.Length; job++)
        {
            var band = job / tilesAcross;
            var column = job % tilesAcross;
            var index = (band * tilesDown + tileRow) * tilesAcross + column;
            tileOffsets[index] = CheckedOffset(file.Position);
            tileByteCounts[index] = (uint)compressed[job].Length;
            file.Write(compressed[job]);
        }
        for (var b = 0; b < bands; b++)
        {
            FillNoData(tileRowBuffers[b]);
        }
        rowsInBuffer = 0;
        tileRow++;
    }

    private void FillNoData(Span<byte> buffer)
    {
        if (bytesPerSample == 1)
        {
            buffer.Fill(noDataSample[0]);
            return;
        }
        MemoryMarshal.Cast<byte, uint>(buffer).Fill(MemoryMarshal.Read<uint>(noDataSample));
    }

    private void WriteDirectory()
    {
        var bands = options.BandCount;
        var entries = new List<(ushort Tag, TiffFieldType Type, int Count, byte[] Value)>
        {
            Long(TiffTags.ImageWidth, (uint)options.Width),
            Long(TiffTags.ImageLength, (uint)options.Height),
            Shorts(TiffTags.BitsPerSample, Enumerable.Repeat((ushort)(bytesPerSample * 8), bands).ToArray()),
            Shorts(TiffTags.Compression, TiffCompression.Deflate),
            Shorts(TiffTags.PhotometricInterpretation, 1), // min-is-black
            Shorts(TiffTags.SamplesPerPixel, (ushort)bands),
            Shorts(TiffTags.PlanarConfiguration, (ushort)(bands > 1 ? 2 : 1)),
            Shorts(TiffTags.Predictor, (ushort)(options.DataType == RasterDataType.Float32 ? 3 : 2)),
            Long(TiffTags.TileWidth, (uint)options.TileSize),
            Long(TiffTags.TileLength, (uint)options.TileSize),
            Longs(TiffTags.TileOffsets, tileOffsets),
            Longs(TiffTags.TileByteCounts, tileByteCounts),
            Shorts(TiffTags.SampleFormat, Enumerable.Repeat((ushort)(options.DataType == RasterDataType.Float32 ? 3 : 1), bands).ToArray()),
        };
        if (bands > 1)
        {
            entries.Add(Shorts(TiffTags.ExtraSamples, new ushort[bands - 1])); // unspecified extra samples
        }
        if (options.GeoTransform is { } t)
        {
            if (t.IsNorthUp)
            {
                entries.Add(Doubles(TiffTags.ModelPixelScale, t.PixelWidth, -t.PixelHeight, 0));
                entries.Add(Doubles(TiffTags.ModelTiepoint, 0, 0, 0, t.OriginX, t.OriginY, 0));
            }
            else
            {
                entries.Add(Doubles(TiffTags.ModelTransformation,
                    t.PixelWidth, t.RowRotation, 0, t.OriginX,
                    t.ColumnRotation, t.PixelHeight, 0, t.OriginY,
                    0, 0, 0, 0,
                    0, 0, 0, 1));
            }
        }
        if (options.Epsg is { } epsg)
        {
            entries.Add(Shorts(TiffTags.GeoKeyDirectory, GeoKeys.Build(epsg, options.GeographicCrs)));
        }
        if (options.BandDescriptions is { } descriptions)
        {
            entries.Add(Ascii(TiffTags.GdalMetadata, GdalMetadataXml(descriptions)));
        }
        if (options.NoData is { } nodata)
        {
            entries.Add(Ascii(TiffTags.GdalNoData, double.IsNaN(nodata) ? "nan" : nodata.ToString("R", CultureInfo.InvariantCulture)));
        }
        entries.Sort((a, b) => a.Tag.CompareTo(b.Tag));

        if (file.Position % 2 == 1)
        {
            file.WriteByte(0);
        }
        var ifdOffset = file.Position;
        var tableLength = 2 + entries.Count * 12 + 4;
        var valuesOffset = ifdOffset + tableLength;
        var table = new byte[tableLength];
        using var values = new MemoryStream();
        BinaryPrimitives.WriteUInt16LittleEndian(table, (ushort)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (tag, type, count, value) = entries[i];
            var e = table.AsSpan(2 + i * 12, 12);
            BinaryPrimitives.WriteUInt16LittleEndian(e, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], (ushort)type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)count);
            if (value.Length <= 4)
            {
                value.CopyTo(e[8..]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(e[8..], CheckedOffset(valuesOffset + values.Position));
                values.Write(value);
                if (values.Position % 2 == 1)
                {
                    values.WriteByte(0);
                }
            }
        }
        file.Write(table); // next IFD offset: 0 (the last 4 bytes)
        values.Position = 0;
        values.CopyTo(file);
        CheckedOffset(file.Position);
        file.Position = 4;
        Span<byte> offset = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(offset, (uint)ifdOffset);
        file.Write(offset);
    }

    private static string GdalMetadataXml(IReadOnlyList<string> descriptions)
    {
        var xml = new StringBuilder("<GDALMetadata>\n");
        for (var i = 0; i < descriptions.Count; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <Item name=\"DESCRIPTION\" sample=\"{i}\" role=\"description\">{SecurityElement.Escape(descriptions[i])}</Item>\n");
        }
        return xml.Append("</GDALMetadata>").ToString();
    }

    private static uint CheckedOffset(long position) =>
        position <= uint.MaxValue
            ? (uint)position
            : throw new GeoTiffException("over the limit: the file passes 4 GiB, the most a classic TIFF can address.");

    private static (ushort, TiffFieldType, int, byte[]) Long(ushort tag, uint value) => Longs(tag, [value]);

    private static (ushort, TiffFieldType, int, byte[]) Longs(ushort tag, uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return (tag, TiffFieldType.Long, values.Length, bytes);
    }

    private static (ushort, TiffFieldType, int, byte[]) Shorts(ushort tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }
        return (tag, TiffFieldType.Short, values.Length, bytes);
    }

    private static (ushort, TiffFieldType, int, byte[]) Doubles(ushort tag, params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return (tag, TiffFieldType.Double, values.Length, bytes);
    }

    private static (ushort, TiffFieldType, int, byte[]) Ascii(ushort tag, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "\0");
        return (tag, TiffFieldType.Ascii, bytes.Length, bytes);
    }
}
