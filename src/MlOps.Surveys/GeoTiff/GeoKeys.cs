namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// The GeoTIFF keys this project needs from a GeoKeyDirectory (GeoTIFF 1.1): model type,
/// raster type (PixelIsArea or PixelIsPoint) and the EPSG code of the projected or geographic CRS.
/// </summary>
internal sealed record GeoKeys(int? ModelType, int? RasterType, int? ProjectedCrs, int? GeographicCrs)
{
    public const ushort GTModelTypeGeoKey = 1024;
    public const ushort GTRasterTypeGeoKey = 1025;
    public const ushort GeographicTypeGeoKey = 2048;
    public const ushort ProjectedCSTypeGeoKey = 3072;
    public const ushort ProjLinearUnitsGeoKey = 3076;
    public const int ModelTypeProjected = 1;
    public const int ModelTypeGeographic = 2;
    public const int RasterPixelIsArea = 1;
    public const int RasterPixelIsPoint = 2;
    public const int UserDefined = 32767;
    public const int LinearUnitMetre = 9001;

    /// <summary>EPSG code of the CRS: the projected one if any, else the geographic one; null when user-defined or absent.</summary>
    public int? Epsg =>
        ProjectedCrs is > 0 and < UserDefined ? ProjectedCrs
        : ModelType != ModelTypeProjected && GeographicCrs is > 0 and < UserDefined ? GeographicCrs
        : null;

    public static GeoKeys Parse(long[] directory)
    {
        if (directory.Length < 4)
        {
            throw new GeoTiffException($"corrupt: GeoKeyDirectory (34735) has {directory.Length} values, fewer than its 4-value header.");
        }
        if (directory[0] != 1)
        {
            throw new GeoTiffException($"unsupported: GeoKeyDirectory version {directory[0]} (expected 1).");
        }
        var count = directory[3];
        if (count < 0 || 4 + count * 4 > directory.Length)
        {
            throw new GeoTiffException($"corrupt: GeoKeyDirectory (34735) declares {count} keys but holds room for {(directory.Length - 4) / 4}.");
        }
        int? modelType = null, rasterType = null, projected = null, geographic = null;
        for (var i = 0; i < count; i++)
        {
            var key = directory[4 + i * 4];
            var location = directory[5 + i * 4];
            var value = directory[7 + i * 4];
            if (location != 0)
            {
                continue; // values stored in GeoDoubleParams/GeoAsciiParams are not needed here
            }
            switch (key)
            {
                case GTModelTypeGeoKey: modelType = (int)value; break;
                case GTRasterTypeGeoKey: rasterType = (int)value; break;
                case ProjectedCSTypeGeoKey: projected = (int)value; break;
                case GeographicTypeGeoKey: geographic = (int)value; break;
            }
        }
        return new GeoKeys(modelType, rasterType, projected, geographic);
    }

    /// <summary>A minimal directory for an EPSG CRS with PixelIsArea, keys in ascending order.</summary>
    public static ushort[] Build(int epsg, bool geographic)
    {
        if (epsg is <= 0 or >= UserDefined)
        {
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, "the EPSG code must be between 1 and 32766 to fit a GeoTIFF key.");
        }
        var keys = new List<ushort[]>
        {
            new ushort[] { GTModelTypeGeoKey, 0, 1, (ushort)(geographic ? ModelTypeGeographic : ModelTypeProjected) },
            new ushort[] { GTRasterTypeGeoKey, 0, 1, RasterPixelIsArea },
        };
        if (geographic)
        {
            keys.Add([GeographicTypeGeoKey, 0, 1, (ushort)epsg]);
        }
        else
        {
            keys.Add([ProjectedCSTypeGeoKey, 0, 1, (ushort)epsg]);
            keys.Add([ProjLinearUnitsGeoKey, 0, 1, LinearUnitMetre]);
        }
        var result = new List<ushort> { 1, 1, 0, (ushort)keys.Count };
        foreach (var key in keys)
        {
            result.AddRange(key);
        }
        return result.ToArray();
    }
}
