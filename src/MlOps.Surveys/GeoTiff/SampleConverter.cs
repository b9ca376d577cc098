using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MlOps.Surveys.GeoTiff;

/// <summary>Converts samples stored in a file's byte order into numbers.</summary>
internal static class SampleConverter
{
    /// <summary>Converts destination.Length samples taken every <paramref name="stride"/> samples from <paramref name="source"/>.</summary>
    public static void Convert<T>(ReadOnlySpan<byte> source, int stride, Span<T> destination, RasterDataType type, bool bigEndian)
        where T : unmanaged, INumberBase<T>
    {
        var n = destination.Length;
        switch (type)
        {
            case RasterDataType.Byte:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = T.CreateTruncating(source[i * stride]);
                }
                break;
            case RasterDataType.Int8:
                for (var i = 0; i < n; i++)
                {
                    destination[i] = T.CreateTruncating((sbyte)source[i * stride]);
                }
                break;
            case RasterDataType.UInt16:
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 2, 2);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s));
                }
                break;
            case RasterDataType.Int16:
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 2, 2);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s));
                }
                break;
            case RasterDataType.UInt32:
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 4, 4);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s));
                }
                break;
            case RasterDataType.Int32:
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 4, 4);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s));
                }
                break;
            case RasterDataType.Float32:
                if (stride == 1 && !bigEndian && typeof(T) == typeof(float) && BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(source[..(n * 4)]).CopyTo(MemoryMarshal.Cast<T, float>(destination));
                    break;
                }
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 4, 4);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s));
                }
                break;
            case RasterDataType.Float64:
                for (var i = 0; i < n; i++)
                {
                    var s = source.Slice(i * stride * 8, 8);
                    destination[i] = T.CreateTruncating(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
                }
                break;
        }
    }

    /// <summary>Writes <paramref name="value"/> as one sample of <paramref name="type"/> (saturating) in the given byte order.</summary>
    public static void Encode(double value, RasterDataType type, bool bigEndian, Span<byte> destination)
    {
        switch (type)
        {
            case RasterDataType.Byte:
                destination[0] = byte.CreateSaturating(value);
                break;
            case RasterDataType.Int8:
                destination[0] = (byte)sbyte.CreateSaturating(value);
                break;
            case RasterDataType.UInt16:
                BinaryPrimitives.WriteUInt16LittleEndian(destination, ushort.CreateSaturating(value));
                break;
            case RasterDataType.Int16:
                BinaryPrimitives.WriteInt16LittleEndian(destination, short.CreateSaturating(value));
                break;
            case RasterDataType.UInt32:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, uint.CreateSaturating(value));
                break;
            case RasterDataType.Int32:
                BinaryPrimitives.WriteInt32LittleEndian(destination, int.CreateSaturating(value));
                break;
            case RasterDataType.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
                break;
            case RasterDataType.Float64:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
                break;
        }
        if (bigEndian)
        {
            destination[..type.SizeInBytes()].Reverse();
        }
    }
}
