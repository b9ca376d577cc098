using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Tests.Support;

/// <summary>Writes a small survey package from arrays, for tests that need known pixel values.</summary>
public static class PackageBuilder
{
    public static async Task<SurveyPackage> WriteAsync(
        string directory,
        int width,
        int height,
        Func<int, int, int, float> backscatter,
        Func<int, int, float> depth,
        Func<int, int, byte>? label,
        GeoTransform transform,
        int year = 2020)
    {
        var writer = new SurveyPackageWriter(directory, "test-site", year, 32620,
            new AcquisitionPeriod(new DateOnly(year, 6, 1), new DateOnly(year, 6, 3)));
        var raster = new GeoTiffWriterOptions { Width = width, Height = height, GeoTransform = transform, NoData = -9999, TileSize = 16 };
        var bands = new float[3 * width * height];
        var depths = new float[width * height];
        var labels = new byte[width * height];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                for (var b = 0; b < 3; b++)
                {
                    bands[(b * height + r) * width + c] = backscatter(b, r, c);
                }
                depths[r * width + c] = depth(r, c);
                labels[r * width + c] = label?.Invoke(r, c) ?? 0;
            }
        }
        using (var bs = writer.CreateRaster(SurveyPackage.BackscatterFile, raster with { BandCount = 3 }))
        {
            bs.WriteRows(bands);
            bs.Complete();
        }
        using (var bathymetry = writer.CreateRaster(SurveyPackage.BathymetryFile, raster))
        {
            bathymetry.WriteRows(depths);
            bathymetry.Complete();
        }
        if (label is not null)
        {
            using var groundTruth = writer.CreateRaster(SurveyPackage.GroundTruthFile, raster with { DataType = RasterDataType.Byte, NoData = 0 });
            groundTruth.WriteRows(labels);
            groundTruth.Complete();
        }
        await writer.WriteManifestAsync();
        return SurveyPackage.Open(directory);
    }
}
