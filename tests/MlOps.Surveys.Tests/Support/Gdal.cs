using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Surveys.GeoTiff;

namespace MlOps.Surveys.Tests.Support;

/// <summary>GDAL's command-line tools (Debian gdal-bin) as an independent GeoTIFF reader and writer.</summary>
public static class Gdal
{
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["GDAL_PAM_ENABLED"] = "NO"; // no .aux.xml side files
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }
        return await output;
    }

    /// <summary>gdal_translate to GeoTIFF unless the options name another format.</summary>
    public static Task TranslateAsync(string source, string target, params string[] options) =>
        RunAsync("gdal_translate", [.. options.Contains("-of") ? options : ["-of", "GTiff", .. options], "-q", source, target]);

    /// <summary>gdalinfo -json -stats: GDAL's own view of a raster, with exact statistics over non-nodata pixels.</summary>
    public static async Task<JsonElement> InfoAsync(string path)
    {
        var json = await RunAsync("gdalinfo", "-json", "-stats", path);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Every pixel as GDAL reads it, band after band (dumped to raw ENVI, band-sequential, host byte order).</summary>
    public static async Task<double[]> ReadPixelsAsync(string path, int width, int height, int bands, RasterDataType type)
    {
        var raw = path + ".envi";
        await TranslateAsync(path, raw, "-of", "ENVI", "-co", "INTERLEAVE=BSQ");
        try
        {
            var bytes = await File.ReadAllBytesAsync(raw);
            var count = width * height * bands;
            var size = type.SizeInBytes();
            if (bytes.Length != count * size)
            {
                throw new InvalidOperationException($"GDAL's raw dump has {bytes.Length} bytes, expected {count * size}.");
            }
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                var s = bytes.AsSpan(i * size, size);
                values[i] = type switch
                {
                    RasterDataType.Byte => s[0],
                    RasterDataType.Int8 => (sbyte)s[0],
                    RasterDataType.UInt16 => BitConverter.ToUInt16(s),
                    RasterDataType.Int16 => BitConverter.ToInt16(s),
                    RasterDataType.UInt32 => BitConverter.ToUInt32(s),
                    RasterDataType.Int32 => BitConverter.ToInt32(s),
                    RasterDataType.Float32 => BitConverter.ToSingle(s),
                    _ => BitConverter.ToDouble(s),
                };
            }
            return values;
        }
        finally
        {
            File.Delete(raw);
            File.Delete(Path.ChangeExtension(raw, ".hdr"));
        }
    }

    /// <summary>The EPSG code GDAL reports (the STAC block, else the last ID["EPSG",n] of the WKT).</summary>
    public static int? Epsg(JsonElement info)
    {
        if (info.TryGetProperty("stac", out var stac) && stac.TryGetProperty("proj:epsg", out var code) && code.ValueKind == JsonValueKind.Number)
        {
            return code.GetInt32();
        }
        if (info.TryGetProperty("coordinateSystem", out var crs) && crs.TryGetProperty("wkt", out var wkt))
        {
            var text = wkt.GetString()!;
            var at = text.LastIndexOf("ID[\"EPSG\",", StringComparison.Ordinal);
            if (at >= 0)
            {
                var digits = new string(text[(at + 10)..].TakeWhile(char.IsDigit).ToArray());
                return int.Parse(digits, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
