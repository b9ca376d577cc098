using System.Text;
using System.Text.Json;

namespace MlOps.Surveys.GeoTiff;

/// <summary>What `mlops survey inspect` reports about a GeoTIFF: structure, georeferencing, nodata and per-band statistics.</summary>
public sealed record RasterInspection(
    int Width,
    int Height,
    int Bands,
    RasterDataType DataType,
    int? Epsg,
    GeoTransform? GeoTransform,
    double? NoData,
    IReadOnlyList<BandStatistics> Stats)
{
    public static RasterInspection Inspect(string path, GeoTiffReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var reader = GeoTiffReader.Open(path, options);
        var stats = BandStatistics.Compute(reader, cancellationToken: cancellationToken);
        return new RasterInspection(reader.Width, reader.Height, reader.BandCount, reader.DataType, reader.Epsg, reader.GeoTransform, reader.NoData, stats);
    }

    /// <summary>
    /// {"width","height","bands","dataType","epsg","geoTransform":[6 numbers],"nodata","stats":[{"min","max","mean","validCount"}]};
    /// epsg, geoTransform and nodata are null when absent, a NaN nodata is the string "nan".
    /// </summary>
    public string ToJson(bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteNumber("width", Width);
            json.WriteNumber("height", Height);
            json.WriteNumber("bands", Bands);
            json.WriteString("dataType", DataType.ToString());
            WriteNullable(json, "epsg", Epsg);
            json.WritePropertyName("geoTransform");
            if (GeoTransform is { } t)
            {
                json.WriteStartArray();
                foreach (var value in t.ToArray())
                {
                    json.WriteNumberValue(value);
                }
                json.WriteEndArray();
            }
            else
            {
                json.WriteNullValue();
            }
            json.WritePropertyName("nodata");
            WriteNumber(json, NoData);
            json.WriteStartArray("stats");
            foreach (var band in Stats)
            {
                json.WriteStartObject();
                json.WritePropertyName("min");
                WriteNumber(json, band.Min);
                json.WritePropertyName("max");
                WriteNumber(json, band.Max);
                json.WritePropertyName("mean");
                WriteNumber(json, band.Mean);
                json.WriteNumber("validCount", band.ValidCount);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, double? value)
    {
        if (value is not { } v)
        {
            json.WriteNullValue();
        }
        else if (double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
        }
    }
}
