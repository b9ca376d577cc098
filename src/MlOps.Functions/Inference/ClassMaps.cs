using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Imaging;

namespace MlOps.Functions.Inference;

/// <summary>A tile's predicted classes as a map: a class GeoTIFF (Byte, 0 = not scored) on the tile's grid, or a PNG in the seabed palette.</summary>
public static class ClassMaps
{
    public const string GeoTiffMediaType = "image/tiff";
    public const string PngMediaType = "image/png";

    /// <summary>Class codes per pixel, row-major, 0 where nothing was scored.</summary>
    public static byte[] Raster(SurveyTile tile, ReadOnlySpan<long> labels)
    {
        var codes = new byte[tile.Width * tile.Height];
        for (var k = 0; k < labels.Length; k++)
        {
            codes[tile.PixelIndex[k]] = (byte)labels[k];
        }
        return codes;
    }

    public static byte[] ToPng(SurveyTile tile, byte[] codes) => PngEncoder.Encode(SeabedClasses.ToRgb(codes), tile.Width, tile.Height);

    public static byte[] ToGeoTiff(SurveyTile tile, byte[] codes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-map-{Guid.NewGuid():N}.tif");
        try
        {
            using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions
            {
                Width = tile.Width,
                Height = tile.Height,
                DataType = RasterDataType.Byte,
                GeoTransform = tile.GeoTransform,
                Epsg = tile.Epsg,
                NoData = 0,
                BandDescriptions = ["seabed class (1 Yellow Sand, 2 Sand and Algae, 3 Mud Sand and Corals, 4 Sand, 5 Gravel)"],
            }))
            {
                writer.WriteRows(codes);
                writer.Complete();
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
