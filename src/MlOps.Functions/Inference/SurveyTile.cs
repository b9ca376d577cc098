using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;

namespace MlOps.Functions.Inference;

/// <summary>
/// A survey tile to map: its valid pixels as rows of raw inputs (backscatter low, mid, high,
/// depth, x, y of the pixel centre), where each row sits in the raster, and the raster's size
/// and georeferencing for the class map that answers it.
/// </summary>
public sealed record SurveyTile(FeatureBatch Rows, int[] PixelIndex, int Width, int Height, GeoTransform GeoTransform, int? Epsg);

/// <summary>
/// Reads a tile request: either one 4-band GeoTIFF (<c>image/tiff</c>: backscatter low, mid,
/// high, then depth) or <c>multipart/form-data</c> with the survey package's two rasters as parts
/// named <c>backscatter</c> (3 bands) and <c>bathymetry</c> (1 band), same size and grid.
/// A pixel with any band at nodata (or NaN) is not scored and maps to class 0.
/// </summary>
public static class SurveyTileReader
{
    public const string BackscatterPart = "backscatter";
    public const string BathymetryPart = "bathymetry";

    /// <summary>Reads one 4-band tile.</summary>
    public static SurveyTile ReadCombined(BinaryData body, int maxPixels)
    {
        using var reader = Open(body, "the tile");
        if (reader.BandCount != 4)
        {
            throw InferenceRequestException.BadRequest(
                $"The tile has {reader.BandCount} band(s); a tile needs 4 (backscatter_low, backscatter_mid, backscatter_high, depth), or send backscatter.tif and bathymetry.tif as multipart parts \"{BackscatterPart}\" and \"{BathymetryPart}\".");
        }
        var grid = Grid(reader, "the tile", maxPixels);
        var plane = reader.Width * reader.Height;
        var bands = new float[4 * plane];
        Read(reader, bands, "the tile");
        return Build(bands, plane, b => reader.IsNoData(b), b => reader.IsNoData(b), reader, grid);
    }

    /// <summary>Reads the two rasters of a survey package sent as multipart parts.</summary>
    public static SurveyTile ReadPair(BinaryData backscatterBody, BinaryData bathymetryBody, int maxPixels)
    {
        using var backscatter = Open(backscatterBody, $"part \"{BackscatterPart}\"");
        using var bathymetry = Open(bathymetryBody, $"part \"{BathymetryPart}\"");
        if (backscatter.BandCount != 3)
        {
            throw InferenceRequestException.BadRequest($"Part \"{BackscatterPart}\" has {backscatter.BandCount} band(s); backscatter has 3 (low, mid, high frequency).");
        }
        if (bathymetry.BandCount != 1)
        {
            throw InferenceRequestException.BadRequest($"Part \"{BathymetryPart}\" has {bathymetry.BandCount} bands; bathymetry has 1 (depth).");
        }
        var grid = Grid(backscatter, $"part \"{BackscatterPart}\"", maxPixels);
        if (bathymetry.Width != backscatter.Width || bathymetry.Height != backscatter.Height)
        {
            throw InferenceRequestException.BadRequest(
                $"Part \"{BathymetryPart}\" is {bathymetry.Width}×{bathymetry.Height} pixels but \"{BackscatterPart}\" is {backscatter.Width}×{backscatter.Height}; they must share one grid.");
        }
        if (bathymetry.GeoTransform is { } depthGrid && !depthGrid.ApproximatelyEquals(grid))
        {
            throw InferenceRequestException.BadRequest($"Part \"{BathymetryPart}\" is georeferenced as {depthGrid} but \"{BackscatterPart}\" as {grid}; they must share one grid.");
        }
        var plane = backscatter.Width * backscatter.Height;
        var bands = new float[4 * plane];
        Read(backscatter, bands.AsSpan(0, 3 * plane), $"part \"{BackscatterPart}\"");
        Read(bathymetry, bands.AsSpan(3 * plane, plane), $"part \"{BathymetryPart}\"");
        return Build(bands, plane, b => backscatter.IsNoData(b), d => bathymetry.IsNoData(d), backscatter, grid);
    }

    private static GeoTiffReader Open(BinaryData body, string what)
    {
        try
        {
            return GeoTiffReader.Open(body.ToStream());
        }
        catch (GeoTiffException e)
        {
            throw InferenceRequestException.BadRequest($"{Capitalized(what)} is not a readable GeoTIFF: {e.Message}");
        }
    }

    private static GeoTransform Grid(GeoTiffReader reader, string what, int maxPixels)
    {
        if ((long)reader.Width * reader.Height > maxPixels)
        {
            throw InferenceRequestException.TooLarge(
                $"{Capitalized(what)} is {reader.Width}×{reader.Height} = {(long)reader.Width * reader.Height} pixels; a request may score at most {maxPixels}. Split it into smaller tiles.");
        }
        return reader.GeoTransform
            ?? throw InferenceRequestException.BadRequest($"{Capitalized(what)} has no georeferencing (ModelPixelScale/ModelTiepoint or ModelTransformation); the model needs each pixel's map coordinates.");
    }

    private static void Read(GeoTiffReader reader, Span<float> destination, string what)
    {
        try
        {
            reader.ReadRows(0, reader.Height, destination);
        }
        catch (GeoTiffException e)
        {
            throw InferenceRequestException.BadRequest($"{Capitalized(what)} could not be read: {e.Message}");
        }
    }

    private static SurveyTile Build(float[] bands, int plane, Func<float, bool> backscatterNoData, Func<float, bool> depthNoData, GeoTiffReader reference, GeoTransform grid)
    {
        var width = reference.Width;
        var columns = FeatureColumns.Raw.Count;
        var valid = new List<int>(plane);
        for (var i = 0; i < plane; i++)
        {
            float low = bands[i], mid = bands[plane + i], high = bands[2 * plane + i], depth = bands[3 * plane + i];
            if (!backscatterNoData(low) && !backscatterNoData(mid) && !backscatterNoData(high) && !depthNoData(depth)
                && float.IsFinite(low) && float.IsFinite(mid) && float.IsFinite(high) && float.IsFinite(depth))
            {
                valid.Add(i);
            }
        }
        if (valid.Count == 0)
        {
            throw InferenceRequestException.BadRequest("The tile has no valid pixel: every pixel has a band at nodata.");
        }
        var values = new float[valid.Count * columns];
        for (var k = 0; k < valid.Count; k++)
        {
            var i = valid[k];
            var (x, y) = grid.PixelCenter(i / width, i % width);
            var row = values.AsSpan(k * columns, columns);
            row[0] = bands[i];
            row[1] = bands[plane + i];
            row[2] = bands[2 * plane + i];
            row[3] = bands[3 * plane + i];
            row[4] = (float)x;
            row[5] = (float)y;
        }
        return new SurveyTile(new FeatureBatch(values, valid.Count, columns, FeatureColumns.Raw), valid.ToArray(), width, reference.Height, grid, reference.Epsg);
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
