using System.Buffers.Binary;

namespace MlOps.Surveys.GeoTiff.Codecs;

/// <summary>
/// TIFF predictors. Horizontal differencing (2) stores each sample as the difference from the
/// same sample of the previous pixel in the row. The floating-point predictor (3, Adobe Technical
/// Note 3) splits each row's samples into byte planes, most significant byte first, and then
/// differences the bytes. After decoding, samples are left in the file's byte order.
/// </summary>
internal static class Predictors
{
    public static void UndoHorizontal(Span<byte> data, int rows, int samplesPerRow, int stride, int bytesPerSample, bool bigEndian)
    {
        var rowBytes = samplesPerRow * bytesPerSample;
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * rowBytes, rowBytes);
            switch (bytesPerSample)
            {
                case 1:
                    for (var i = stride; i < samplesPerRow; i++)
                    {
                        row[i] = (byte)(row[i] + row[i - stride]);
                    }
                    break;
                case 2:
                    for (var i = stride; i < samplesPerRow; i++)
                    {
                        var value = (ushort)(Read16(row, i, bigEndian) + Read16(row, i - stride, bigEndian));
                        Write16(row, i, value, bigEndian);
                    }
                    break;
                case 4:
                    for (var i = stride; i < samplesPerRow; i++)
                    {
                        var value = Read32(row, i, bigEndian) + Read32(row, i - stride, bigEndian);
                        Write32(row, i, value, bigEndian);
                    }
                    break;
                case 8:
                    for (var i = stride; i < samplesPerRow; i++)
                    {
                        var value = Read64(row, i, bigEndian) + Read64(row, i - stride, bigEndian);
                        Write64(row, i, value, bigEndian);
                    }
                    break;
                default:
                    throw new GeoTiffException($"unsupported: horizontal predictor with {bytesPerSample * 8}-bit samples.");
            }
        }
    }

    public static void ApplyHorizontal(Span<byte> data, int rows, int samplesPerRow, int stride, int bytesPerSample)
    {
        if (bytesPerSample != 1)
        {
            throw new NotSupportedException("the writer applies horizontal differencing to 8-bit samples only.");
        }
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * samplesPerRow, samplesPerRow);
            for (var i = samplesPerRow - 1; i >= stride; i--)
            {
                row[i] = (byte)(row[i] - row[i - stride]);
            }
        }
    }

    public static void UndoFloatingPoint(Span<byte> data, int rows, int samplesPerRow, int stride, int bytesPerSample, bool bigEndian)
    {
        var rowBytes = samplesPerRow * bytesPerSample;
        var planes = new byte[rowBytes];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * rowBytes, rowBytes);
            if (stride == 1)
            {
                byte sum = 0;
                for (var i = 0; i < rowBytes; i++)
                {
                    sum += row[i];
                    row[i] = sum;
                }
            }
            else
            {
                for (var i = stride; i < rowBytes; i++)
                {
                    row[i] = (byte)(row[i] + row[i - stride]);
                }
            }
            row.CopyTo(planes);
            // planes[b · samplesPerRow + s] holds byte b (counted from the most significant end) of sample s.
            for (var b = 0; b < bytesPerSample; b++)
            {
                var target = bigEndian ? b : bytesPerSample - 1 - b;
                var plane = planes.AsSpan(b * samplesPerRow, samplesPerRow);
                for (var s = 0; s < samplesPerRow; s++)
                {
                    row[s * bytesPerSample + target] = plane[s];
                }
            }
        }
    }

    /// <summary>Encodes little-endian samples in place with the floating-point predictor.</summary>
    public static void ApplyFloatingPoint(Span<byte> data, int rows, int samplesPerRow, int stride, int bytesPerSample)
    {
        var rowBytes = samplesPerRow * bytesPerSample;
        var planes = new byte[rowBytes];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * rowBytes, rowBytes);
            for (var s = 0; s < samplesPerRow; s++)
            {
                for (var b = 0; b < bytesPerSample; b++)
                {
                    planes[b * samplesPerRow + s] = row[s * bytesPerSample + bytesPerSample - 1 - b];
                }
            }
            planes.CopyTo(row);
            for (var i = rowBytes - 1; i >= stride; i--)
            {
                row[i] = (byte)(row[i] - row[i - stride]);
            }
        }
    }

    private static ushort Read16(Span<byte> row, int i, bool bigEndian)
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(row[(i * 2)..]);
        return bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private static void Write16(Span<byte> row, int i, ushort value, bool bigEndian) =>
        BinaryPrimitives.WriteUInt16LittleEndian(row[(i * 2)..], bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value);

    private static uint Read32(Span<byte> row, int i, bool bigEndian)
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(row[(i * 4)..]);
        return bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private static void Write32(Span<byte> row, int i, uint value, bool bigEndian) =>
        BinaryPrimitives.WriteUInt32LittleEndian(row[(i * 4)..], bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value);

    private static ulong Read64(Span<byte> row, int i, bool bigEndian)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(row[(i * 8)..]);
        return bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private static void Write64(Span<byte> row, int i, ulong value, bool bigEndian) =>
        BinaryPrimitives.WriteUInt64LittleEndian(row[(i * 8)..], bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
}
