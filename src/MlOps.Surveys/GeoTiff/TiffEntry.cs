namespace MlOps.Surveys.GeoTiff;

/// <summary>One IFD entry: where its values are in the file, never the values themselves.</summary>
internal readonly record struct TiffEntry(ushort Tag, TiffFieldType Type, long Count, long ValueOffset);
