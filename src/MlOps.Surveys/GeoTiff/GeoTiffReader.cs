using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.ExceptionServices;
using MlOps.Surveys.GeoTiff.Codecs;

namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// Reads the first image of a GeoTIFF: classic TIFF and BigTIFF, either byte order, strips or
/// tiles, uncompressed, Deflate, LZW or PackBits, horizontal and floating-point predictors,
/// 8/16/32-bit integer and 32/64-bit float samples, chunky or planar bands, GDAL's nodata tag
/// and the GeoTIFF georeferencing tags. Pixels are read by row windows, so only the strips or
/// tiles a window touches are decoded. Every problem with the file surfaces as a
/// <see cref="GeoTiffException"/>. Not thread-safe: one reader per thread.
/// </summary>
public sealed class GeoTiffReader : IDisposable
{
    private readonly TiffByteSource source;
    private readonly GeoTiffReaderOptions options;
    private readonly long[] chunkOffsets;
    private readonly long[] chunkByteCounts;
    private readonly int compression;
    private readonly int samplesPerChunk;
    private readonly int bytesPerSample;
    private readonly int chunksAcross;
    private readonly int chunksDown;
    private readonly ChunkCache cache;

    private GeoTiffReader(TiffByteSource source, GeoTiffReaderOptions options, string? filePath)
    {
        this.source = source;
        this.options = options;
        FilePath = filePath;
        var directory = TiffDirectory.ReadFirst(source, options);
        IsBigTiff = directory.IsBigTiff;
        IsBigEndian = source.BigEndian;

        Width = CheckedDimension(directory, TiffTags.ImageWidth, options.MaxWidth, "width");
        Height = CheckedDimension(directory, TiffTags.ImageLength, options.MaxHeight, "height");
        var samplesPerPixel = directory.GetInteger(TiffTags.SamplesPerPixel, 1);
        if (samplesPerPixel < 1 || samplesPerPixel > options.MaxBands)
        {
            throw new GeoTiffException($"SamplesPerPixel (277) is {samplesPerPixel}; must be between 1 and {options.MaxBands}.");
        }
        BandCount = (int)samplesPerPixel;
        DataType = ReadDataType(directory, BandCount);
        bytesPerSample = DataType.SizeInBytes();

        compression = (int)directory.GetInteger(TiffTags.Compression, TiffCompression.None);
        if (compression is not (TiffCompression.None or TiffCompression.Lzw or TiffCompression.Deflate
            or TiffCompression.DeflateObsolete or TiffCompression.PackBits))
        {
            throw new GeoTiffException($"unsupported compression: {TiffCompression.Name(compression)} (supported: none, LZW, Deflate, PackBits).");
        }
        Compression = TiffCompression.Name(compression);
        Predictor = (int)directory.GetInteger(TiffTags.Predictor, 1);
        if (compression is not (TiffCompression.Lzw or TiffCompression.Deflate or TiffCompression.DeflateObsolete))
        {
            Predictor = 1; // libtiff applies predictors only with LZW and Deflate; so do we
        }
        if (Predictor is not (1 or 2 or 3))
        {
            throw new GeoTiffException($"unsupported Predictor (317) {Predictor} (supported: 1 none, 2 horizontal, 3 floating point).");
        }
        if (Predictor == 3 && !DataType.IsFloatingPoint())
        {
            throw new GeoTiffException($"corrupt: floating-point Predictor (3) on {DataType} samples.");
        }
        var planar = directory.GetInteger(TiffTags.PlanarConfiguration, 1);
        if (planar is not (1 or 2))
        {
            throw new GeoTiffException($"corrupt: PlanarConfiguration (284) is {planar}; must be 1 (chunky) or 2 (planar).");
        }
        IsPlanar = planar == 2 && BandCount > 1;
        samplesPerChunk = IsPlanar ? 1 : BandCount;
        var planes = IsPlanar ? BandCount : 1;

        ushort offsetsTag, countsTag;
        if (directory.Has(TiffTags.TileWidth) || directory.Has(TiffTags.TileOffsets))
        {
            IsTiled = true;
            BlockWidth = CheckedBlockDimension(directory, TiffTags.TileWidth);
            BlockHeight = CheckedBlockDimension(directory, TiffTags.TileLength);
            offsetsTag = TiffTags.TileOffsets;
            countsTag = TiffTags.TileByteCounts;
        }
        else
        {
            BlockWidth = Width;
            var rowsPerStrip = directory.GetInteger(TiffTags.RowsPerStrip, uint.MaxValue);
            if (rowsPerStrip < 1)
            {
                throw new GeoTiffException($"corrupt: RowsPerStrip (278) is {rowsPerStrip}.");
            }
            BlockHeight = (int)Math.Min(rowsPerStrip, Height);
            offsetsTag = TiffTags.StripOffsets;
            countsTag = TiffTags.StripByteCounts;
        }
        chunksAcross = (int)DivideRoundingUp(Width, BlockWidth);
        chunksDown = (int)DivideRoundingUp(Height, BlockHeight);
        var chunkCount = (long)chunksAcross * chunksDown * planes;
        if (!directory.Has(offsetsTag) || !directory.Has(countsTag))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(directory.Has(offsetsTag) ? countsTag : offsetsTag)} is missing.");
        }
        chunkOffsets = ReadChunkTable(directory, offsetsTag, chunkCount);
        chunkByteCounts = ReadChunkTable(directory, countsTag, chunkCount);
        CheckChunks();

        ReadGeoreferencing(directory);
        cache = new ChunkCache(options.ChunkCacheBytes);
    }

    /// <summary>The file this reader reads, when opened from a path.</summary>
    public string? FilePath { get; }

    public int Width { get; }

    public int Height { get; }

    public int BandCount { get; }

    public RasterDataType DataType { get; }

    /// <summary>Pixel-to-map transform (GDAL order), or null when the file carries no georeferencing.</summary>
    public GeoTransform? GeoTransform { get; private set; }

    /// <summary>EPSG code of the CRS from the GeoKeyDirectory, or null when absent or user-defined.</summary>
    public int? Epsg { get; private set; }

    /// <summary>GDAL's nodata value (tag 42113), or null when the file declares none.</summary>
    public double? NoData { get; private set; }

    public bool IsBigTiff { get; }

    public bool IsBigEndian { get; }

    public bool IsTiled { get; }

    public bool IsPlanar { get; }

    /// <summary>Compression name: none, LZW, Deflate or PackBits.</summary>
    public string Compression { get; }

    public int Predictor { get; }

    /// <summary>Tile width, or the image width for strips.</summary>
    public int BlockWidth { get; }

    /// <summary>Tile height or rows per strip: row windows that are multiples of it decode each block once.</summary>
    public int BlockHeight { get; }

    public static GeoTiffReader Open(string path, GeoTiffReaderOptions? options = null)
    {
        var source = TiffByteSource.ForFile(path);
        try
        {
            return new GeoTiffReader(source, options ?? GeoTiffReaderOptions.Default, path);
        }
        catch (GeoTiffException e)
        {
            source.Dispose();
            throw e.WithFile(path);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public static GeoTiffReader Open(Stream stream, GeoTiffReaderOptions? options = null, bool leaveOpen = false)
    {
        var source = TiffByteSource.ForStream(stream, leaveOpen);
        try
        {
            return new GeoTiffReader(source, options ?? GeoTiffReaderOptions.Default, null);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>True for NaN and for the declared nodata value.</summary>
    public bool IsNoData(double value) => double.IsNaN(value) || (NoData is { } nodata && value == nodata);

    /// <summary>
    /// Reads rows [firstRow, firstRow + rowCount) of every band into <paramref name="destination"/>,
    /// band after band: destination[(band · rowCount + row) · Width + column].
    /// </summary>
    public void ReadRows(int firstRow, int rowCount, Span<float> destination) => Read(0, BandCount, firstRow, rowCount, destination);

    /// <inheritdoc cref="ReadRows(int, int, Span{float})"/>
    public void ReadRows(int firstRow, int rowCount, Span<double> destination) => Read(0, BandCount, firstRow, rowCount, destination);

    /// <summary>Reads rows [firstRow, firstRow + rowCount) of one band (0-based): destination[row · Width + column].</summary>
    public void ReadBandRows(int band, int firstRow, int rowCount, Span<float> destination) => Read(band, 1, firstRow, rowCount, destination);

    /// <inheritdoc cref="ReadBandRows(int, int, int, Span{float})"/>
    public void ReadBandRows(int band, int firstRow, int rowCount, Span<double> destination) => Read(band, 1, firstRow, rowCount, destination);

    public void Dispose() => source.Dispose();

    private void Read<T>(int firstBand, int bandCount, int firstRow, int rowCount, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        if (firstBand < 0 || firstBand + bandCount > BandCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstBand), firstBand, $"the raster has {BandCount} band(s).");
        }
        if (firstRow < 0 || rowCount < 0 || firstRow > Height - rowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + rowCount}) are outside [0, {Height}).");
        }
        var needed = (long)bandCount * rowCount * Width;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"the destination holds {destination.Length} values; {needed} are needed.", nameof(destination));
        }
        if (rowCount == 0)
        {
            return;
        }
        try
        {
            if (compression == TiffCompression.None && !IsTiled)
            {
                ReadUncompressedStrips(firstBand, bandCount, firstRow, rowCount, destination);
            }
            else
            {
                ReadChunks(firstBand, bandCount, firstRow, rowCount, destination);
            }
        }
        catch (GeoTiffException e)
        {
            throw e.WithFile(FilePath);
        }
    }

    private void ReadChunks<T>(int firstBand, int bandCount, int firstRow, int rowCount, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        var lastRow = firstRow + rowCount - 1;
        var chunkRowFirst = firstRow / BlockHeight;
        var chunkRowLast = lastRow / BlockHeight;
        var planes = IsPlanar ? Enumerable.Range(firstBand, bandCount).ToArray() : [0];
        var chunksPerPlane = chunksAcross * chunksDown;
        var wanted = new List<int>();
        foreach (var plane in planes)
        {
            for (var cr = chunkRowFirst; cr <= chunkRowLast; cr++)
            {
                for (var cc = 0; cc < chunksAcross; cc++)
                {
                    wanted.Add(plane * chunksPerPlane + cr * chunksAcross + cc);
                }
            }
        }

        var decoded = DecodeAll(wanted);
        var width = Width;
        foreach (var index in wanted)
        {
            var plane = index / chunksPerPlane;
            var inPlane = index % chunksPerPlane;
            var chunkRow = inPlane / chunksAcross;
            var chunkColumn = inPlane % chunksAcross;
            var chunkFirstRow = chunkRow * BlockHeight;
            var chunkFirstColumn = chunkColumn * BlockWidth;
            var columns = Math.Min(BlockWidth, width - chunkFirstColumn);
            var rowFrom = Math.Max(firstRow, chunkFirstRow);
            var rowTo = Math.Min(lastRow, Math.Min(Height - 1, chunkFirstRow + BlockHeight - 1));
            var data = decoded[index];
            for (var b = 0; b < bandCount; b++)
            {
                var band = firstBand + b;
                if (IsPlanar && band != plane)
                {
                    continue;
                }
                var sampleInChunk = IsPlanar ? 0 : band;
                for (var row = rowFrom; row <= rowTo; row++)
                {
                    var sourceStart = (((long)(row - chunkFirstRow) * BlockWidth) * samplesPerChunk + sampleInChunk) * bytesPerSample;
                    var target = destination.Slice((int)(((long)b * rowCount + (row - firstRow)) * width + chunkFirstColumn), columns);
                    SampleConverter.Convert(data.AsSpan((int)sourceStart), samplesPerChunk, target, DataType, IsBigEndian);
                }
            }
        }
    }

    private Dictionary<int, byte[]> DecodeAll(List<int> wanted)
    {
        var result = new Dictionary<int, byte[]>(wanted.Count);
        var missing = new List<int>();
        foreach (var index in wanted)
        {
            if (cache.TryGet(index, out var data))
            {
                result[index] = data;
            }
            else
            {
                missing.Add(index);
            }
        }
        if (missing.Count > 0)
        {
            var compressed = new byte[missing.Count][];
            for (var i = 0; i < missing.Count; i++)
            {
                var index = missing[i];
                compressed[i] = chunkOffsets[index] == 0 && chunkByteCounts[index] == 0
                    ? []
                    : source.Read(chunkOffsets[index], chunkByteCounts[index], ChunkName(index));
            }
            var output = new byte[missing.Count][];
            if (missing.Count == 1)
            {
                output[0] = DecodeChunk(missing[0], compressed[0]);
            }
            else
            {
                try
                {
                    Parallel.For(0, missing.Count, i => output[i] = DecodeChunk(missing[i], compressed[i]));
                }
                catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                {
                    ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }
            }
            for (var i = 0; i < missing.Count; i++)
            {
                result[missing[i]] = output[i];
                cache.Add(missing[i], output[i]);
            }
        }
        return result;
    }

    private byte[] DecodeChunk(int index, byte[] compressed)
    {
        var rows = ChunkRows(index);
        var expected = ChunkBytes(rows);
        var output = new byte[expected];
        if (compressed.Length == 0 && chunkOffsets[index] == 0)
        {
            FillWithNoData(output);
            return output;
        }
        var produced = compression switch
        {
            TiffCompression.None => CopyUncompressed(compressed, output),
            TiffCompression.PackBits => PackBitsDecoder.Decode(compressed, output),
            TiffCompression.Lzw => LzwDecoder.Decode(compressed, output),
            _ => DeflateCodec.Decode(compressed, output),
        };
        if (produced < expected)
        {
            throw new GeoTiffException($"truncated or corrupt: {ChunkName(index)} decodes to {produced} bytes, expected {expected}.");
        }
        var samplesPerRow = BlockWidth * samplesPerChunk;
        if (Predictor == 2)
        {
            Predictors.UndoHorizontal(output, rows, samplesPerRow, samplesPerChunk, bytesPerSample, IsBigEndian);
        }
        else if (Predictor == 3)
        {
            Predictors.UndoFloatingPoint(output, rows, samplesPerRow, samplesPerChunk, bytesPerSample, IsBigEndian);
        }
        return output;
    }

    private static int CopyUncompressed(byte[] compressed, byte[] output)
    {
        var count = Math.Min(compressed.Length, output.Length);
        compressed.AsSpan(0, count).CopyTo(output);
        return count;
    }

    private void ReadUncompressedStrips<T>(int firstBand, int bandCount, int firstRow, int rowCount, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        var rowBytes = (long)Width * samplesPerChunk * bytesPerSample;
        var lastRow = firstRow + rowCount - 1;
        var planes = IsPlanar ? Enumerable.Range(firstBand, bandCount).ToArray() : [0];
        var stripRowsAtOnce = (int)Math.Max(1, Math.Min(rowCount, (4L << 20) / Math.Max(1, rowBytes)));
        var buffer = ArrayPool<byte>.Shared.Rent((int)(rowBytes * stripRowsAtOnce));
        try
        {
            foreach (var plane in planes)
            {
                for (var row = firstRow; row <= lastRow;)
                {
                    var strip = row / BlockHeight;
                    var stripFirstRow = strip * BlockHeight;
                    var rows = Math.Min(Math.Min(lastRow + 1, stripFirstRow + BlockHeight) - row, stripRowsAtOnce);
                    var index = plane * chunksAcross * chunksDown + strip;
                    var span = buffer.AsSpan(0, (int)(rowBytes * rows));
                    if (chunkOffsets[index] == 0 && chunkByteCounts[index] == 0)
                    {
                        FillWithNoData(span);
                    }
                    else
                    {
                        source.Read(chunkOffsets[index] + (row - stripFirstRow) * rowBytes, span, ChunkName(index));
                    }
                    for (var r = 0; r < rows; r++)
                    {
                        for (var b = 0; b < bandCount; b++)
                        {
                            var band = firstBand + b;
                            if (IsPlanar && band != plane)
                            {
                                continue;
                            }
                            var sampleInChunk = IsPlanar ? 0 : band;
                            var target = destination.Slice((int)(((long)b * rowCount + (row + r - firstRow)) * Width), Width);
                            SampleConverter.Convert(span[(int)(r * rowBytes + sampleInChunk * bytesPerSample)..], samplesPerChunk, target, DataType, IsBigEndian);
                        }
                    }
                    row += rows;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void FillWithNoData(Span<byte> data)
    {
        var value = NoData ?? 0;
        Span<byte> sample = stackalloc byte[8];
        SampleConverter.Encode(value, DataType, IsBigEndian, sample);
        for (var i = 0; i + bytesPerSample <= data.Length; i += bytesPerSample)
        {
            sample[..bytesPerSample].CopyTo(data[i..]);
        }
    }

    private int ChunkRows(int index)
    {
        if (IsTiled)
        {
            return BlockHeight;
        }
        var strip = index % (chunksAcross * chunksDown);
        return Math.Min(BlockHeight, Height - strip * BlockHeight);
    }

    private long ChunkBytes(int rows) => (long)BlockWidth * rows * samplesPerChunk * bytesPerSample;

    private string ChunkName(int index) => IsTiled ? $"tile {index}" : $"strip {index}";

    private void CheckChunks()
    {
        for (var i = 0; i < chunkOffsets.Length; i++)
        {
            var offset = chunkOffsets[i];
            var count = chunkByteCounts[i];
            if (offset == 0 && count == 0)
            {
                continue; // a sparse block: GDAL reads it as nodata
            }
            source.CheckRange(offset, count, ChunkName(i));
            var expected = ChunkBytes(ChunkRows(i));
            if (compression == TiffCompression.None)
            {
                if (count < expected)
                {
                    throw new GeoTiffException($"truncated or corrupt: {ChunkName(i)} holds {count} bytes, needs {expected}.");
                }
                if (IsTiled && expected > options.MaxChunkBytes)
                {
                    throw new GeoTiffException($"over the limit: {ChunkName(i)} decodes to {expected} bytes (limit {options.MaxChunkBytes}).");
                }
            }
            else
            {
                if (expected > options.MaxChunkBytes || expected > Array.MaxLength)
                {
                    throw new GeoTiffException($"over the limit: {ChunkName(i)} decodes to {expected} bytes (limit {options.MaxChunkBytes}).");
                }
                if (count > Array.MaxLength)
                {
                    throw new GeoTiffException($"over the limit: {ChunkName(i)} holds {count} compressed bytes.");
                }
            }
        }
        if (compression == TiffCompression.None && !IsTiled && (long)Width * samplesPerChunk * bytesPerSample > Array.MaxLength)
        {
            throw new GeoTiffException($"over the limit: one row holds more than {Array.MaxLength} bytes.");
        }
    }

    private long[] ReadChunkTable(TiffDirectory directory, ushort tag, long expectedCount)
    {
        if (!directory.TryGet(tag, out var entry))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} is missing.");
        }
        if (entry.Count < expectedCount)
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} has {entry.Count} values; the image layout needs {expectedCount}.");
        }
        var values = directory.GetIntegers(tag, entry.Count);
        if (values.Length > expectedCount)
        {
            Array.Resize(ref values, (int)expectedCount);
        }
        foreach (var value in values)
        {
            if (value < 0)
            {
                throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} holds the negative value {value}.");
            }
        }
        return values;
    }

    private void ReadGeoreferencing(TiffDirectory directory)
    {
        GeoKeys? keys = null;
        if (directory.Has(TiffTags.GeoKeyDirectory))
        {
            keys = GeoKeys.Parse(directory.GetIntegers(TiffTags.GeoKeyDirectory, 4 + 4 * 4096));
            Epsg = keys.Epsg;
        }
        GeoTransform? transform = null;
        if (directory.Has(TiffTags.ModelTransformation))
        {
            var m = directory.GetDoubles(TiffTags.ModelTransformation, 16);
            if (m.Length != 16)
            {
                throw new GeoTiffException($"corrupt: ModelTransformation (34264) has {m.Length} values, expected 16.");
            }
            transform = new GeoTransform(m[3], m[0], m[1], m[7], m[4], m[5]);
        }
        else if (directory.Has(TiffTags.ModelTiepoint) && directory.Has(TiffTags.ModelPixelScale))
        {
            var tiepoint = directory.GetDoubles(TiffTags.ModelTiepoint, 6 * 4096);
            var scale = directory.GetDoubles(TiffTags.ModelPixelScale, 3);
            if (tiepoint.Length < 6 || scale.Length < 2)
            {
                throw new GeoTiffException($"corrupt: ModelTiepoint has {tiepoint.Length} values (needs 6) and ModelPixelScale {scale.Length} (needs 2 or 3).");
            }
            transform = new GeoTransform(
                tiepoint[3] - tiepoint[0] * scale[0], scale[0], 0,
                tiepoint[4] + tiepoint[1] * scale[1], 0, -scale[1]);
        }
        if (transform is { } t && keys?.RasterType == GeoKeys.RasterPixelIsPoint)
        {
            // As GDAL does: a PixelIsPoint tiepoint names a pixel's centre; shift to its corner.
            transform = t with
            {
                OriginX = t.OriginX - 0.5 * t.PixelWidth - 0.5 * t.RowRotation,
                OriginY = t.OriginY - 0.5 * t.ColumnRotation - 0.5 * t.PixelHeight,
            };
        }
        GeoTransform = transform;

        if (directory.Has(TiffTags.GdalNoData))
        {
            var text = directory.GetAscii(TiffTags.GdalNoData, 256).Trim();
            if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                NoData = double.NaN;
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                NoData = value;
            }
            else
            {
                throw new GeoTiffException($"corrupt: GDAL_NODATA (42113) holds \"{text}\", which is not a number.");
            }
        }
    }

    private static int CheckedDimension(TiffDirectory directory, ushort tag, int limit, string what)
    {
        if (!directory.Has(tag))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} is missing.");
        }
        var value = directory.GetInteger(tag, 0);
        if (value < 1)
        {
            throw new GeoTiffException($"corrupt: image {what} is {value}.");
        }
        if (value > limit)
        {
            throw new GeoTiffException($"over the limit: image {what} is {value} pixels (limit {limit}).");
        }
        return (int)value;
    }

    private int CheckedBlockDimension(TiffDirectory directory, ushort tag)
    {
        if (!directory.Has(tag))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} is missing in a tiled image.");
        }
        var value = directory.GetInteger(tag, 0);
        if (value < 1 || value > Math.Max(options.MaxWidth, options.MaxHeight))
        {
            throw new GeoTiffException($"corrupt: {TiffTags.Name(tag)} is {value}.");
        }
        return (int)value;
    }

    private static RasterDataType ReadDataType(TiffDirectory directory, int bands)
    {
        var bits = directory.Has(TiffTags.BitsPerSample) ? directory.GetIntegers(TiffTags.BitsPerSample, bands) : [1];
        var formats = directory.Has(TiffTags.SampleFormat) ? directory.GetIntegers(TiffTags.SampleFormat, bands) : [1];
        if (bits.Length == 0 || formats.Length == 0)
        {
            throw new GeoTiffException("corrupt: BitsPerSample or SampleFormat has no value.");
        }
        if (bits.Any(b => b != bits[0]) || formats.Any(f => f != formats[0]))
        {
            throw new GeoTiffException($"unsupported: bands with different sample types (BitsPerSample {string.Join(",", bits)}, SampleFormat {string.Join(",", formats)}).");
        }
        return (formats[0], bits[0]) switch
        {
            (1, 8) => RasterDataType.Byte,
            (2, 8) => RasterDataType.Int8,
            (1, 16) => RasterDataType.UInt16,
            (2, 16) => RasterDataType.Int16,
            (1, 32) => RasterDataType.UInt32,
            (2, 32) => RasterDataType.Int32,
            (3, 32) => RasterDataType.Float32,
            (3, 64) => RasterDataType.Float64,
            _ => throw new GeoTiffException(
                $"unsupported sample type: SampleFormat {formats[0]} with {bits[0]} bits per sample (supported: 8/16/32-bit integers, 32/64-bit floats)."),
        };
    }

    private static long DivideRoundingUp(long a, long b) => (a + b - 1) / b;

    /// <summary>Decoded strips or tiles kept between row windows, bounded in bytes, oldest dropped first.</summary>
    private sealed class ChunkCache(long capacityBytes)
    {
        private readonly Dictionary<int, byte[]> chunks = [];
        private readonly Queue<int> order = new();
        private long bytes;

        public bool TryGet(int index, out byte[] data) => chunks.TryGetValue(index, out data!);

        public void Add(int index, byte[] data)
        {
            if (data.Length > capacityBytes || !chunks.TryAdd(index, data))
            {
                return;
            }
            order.Enqueue(index);
            bytes += data.Length;
            while (bytes > capacityBytes && order.Count > 0)
            {
                var oldest = order.Dequeue();
                bytes -= chunks[oldest].Length;
                chunks.Remove(oldest);
            }
        }
    }
}
