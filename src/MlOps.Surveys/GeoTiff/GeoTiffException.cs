namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// The one exception the GeoTIFF reader and writer throw for a file that is malformed,
/// truncated, unsupported or over a configured limit. <see cref="Exception.Message"/> says what
/// is wrong and where (tag, tile, strip, byte offset); <see cref="FilePath"/> names the file.
/// </summary>
public sealed class GeoTiffException : Exception
{
    public GeoTiffException(string message, string? filePath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file the problem is in, when the data came from a file.</summary>
    public string? FilePath { get; }

    /// <summary>"file: message", for people.</summary>
    public string Describe() => FilePath is null ? Message : $"{FilePath}: {Message}";

    internal GeoTiffException WithFile(string? filePath) =>
        FilePath is not null || filePath is null ? this : new GeoTiffException(Message, filePath, InnerException);
}
