using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// Random access to the bytes of a TIFF file with bounds checks: every read names what it was
/// for, so a truncated file fails with "needs bytes [a, b) for X but the file has N bytes".
/// </summary>
internal abstract class TiffByteSource : IDisposable
{
    public long Length { get; protected init; }

    public bool BigEndian { get; set; }

    public void Read(long offset, Span<byte> destination, string what)
    {
        CheckRange(offset, destination.Length, what);
        ReadAt(offset, destination);
    }

    public byte[] Read(long offset, long count, string what)
    {
        CheckRange(offset, count, what);
        var buffer = new byte[count];
        ReadAt(offset, buffer);
        return buffer;
    }

    public void CheckRange(long offset, long count, string what)
    {
        if (offset < 0 || count < 0 || offset > Length || count > Length - offset)
        {
            throw new GeoTiffException(
                $"truncated or corrupt: {what} needs bytes [{offset}, {(count < 0 || offset > long.MaxValue - count ? "?" : offset + count)}) but the file has {Length} bytes.");
        }
    }

    protected abstract void ReadAt(long offset, Span<byte> destination);

    public abstract void Dispose();

    public ushort UInt16(ReadOnlySpan<byte> s) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    public uint UInt32(ReadOnlySpan<byte> s) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    public ulong UInt64(ReadOnlySpan<byte> s) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);

    public static TiffByteSource ForFile(string path) => new FileSource(path);

    public static TiffByteSource ForStream(Stream stream, bool leaveOpen) => new StreamSource(stream, leaveOpen);

    private sealed class FileSource : TiffByteSource
    {
        private readonly SafeFileHandle handle;

        public FileSource(string path)
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(handle);
        }

        protected override void ReadAt(long offset, Span<byte> destination)
        {
            while (destination.Length > 0)
            {
                var read = RandomAccess.Read(handle, destination, offset);
                if (read <= 0)
                {
                    throw new GeoTiffException($"the file ended at byte {offset} while reading (it shrank while open?).");
                }
                destination = destination[read..];
                offset += read;
            }
        }

        public override void Dispose() => handle.Dispose();
    }

    private sealed class StreamSource : TiffByteSource
    {
        private readonly Stream stream;
        private readonly bool leaveOpen;
        private readonly Lock gate = new();

        public StreamSource(Stream stream, bool leaveOpen)
        {
            if (!stream.CanSeek || !stream.CanRead)
            {
                throw new ArgumentException("the stream must be readable and seekable.", nameof(stream));
            }
            this.stream = stream;
            this.leaveOpen = leaveOpen;
            Length = stream.Length;
        }

        protected override void ReadAt(long offset, Span<byte> destination)
        {
            lock (gate)
            {
                stream.Position = offset;
                stream.ReadExactly(destination);
            }
        }

        public override void Dispose()
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }
        }
    }
}
