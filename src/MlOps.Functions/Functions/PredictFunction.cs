using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MlOps.Functions.Inference;
using MlOps.Functions.Runtime;

namespace MlOps.Functions.Functions;

/// <summary>
/// Predict (<c>POST /api/models/{name}/predict</c>, function key). Two kinds of body:
/// <list type="bullet">
/// <item><c>application/json</c> rows of raw per-pixel inputs, <c>{"columns": [...]?, "rows": [[...], ...]}</c>
/// (without "columns" the values are in the model's order: backscatter_low, backscatter_mid,
/// backscatter_high, depth, x, y). Answer: <c>{"model", "version", "requestId", "rows", "labels": [...]}</c>,
/// plus <c>"probabilities"</c> (one array of 5 per row) with <c>?probabilities=true</c>.</item>
/// <item>A survey tile: <c>image/tiff</c> (4 bands: backscatter low, mid, high, depth) or
/// <c>multipart/form-data</c> with parts <c>backscatter</c> and <c>bathymetry</c>. Answer: the class
/// map as a GeoTIFF, or as a PNG in the seabed palette when <c>Accept: image/png</c>.</item>
/// </list>
/// The serving version is in <c>x-model-version</c> (and the JSON body), the id for feedback in
/// <c>x-request-id</c>. <c>x-routing-key</c> keeps a client on one version during a rollout step
/// (default: the client address); <c>x-model-version</c> on the request pins a version and needs
/// the master key.
/// </summary>
public sealed class PredictFunction(InferenceService inference, FunctionKeys keys, IOptions<InferenceOptions> options) : IHttpFunction
{
    public const string Name = "Predict";
    public const string Route = "models/{name}/predict";

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var model = (string)context.GetRouteValue("name")!;
        var limits = options.Value;
        try
        {
            int? pinned = null;
            if (request.Headers.TryGetValue(InferenceHeaders.ModelVersion, out var pinHeader))
            {
                if (!keys.IsMaster(FunctionKeyFilter.PresentedKey(request)))
                {
                    return Results.Json(new { error = $"Pinning a version with the {InferenceHeaders.ModelVersion} header needs the master key." }, statusCode: StatusCodes.Status403Forbidden);
                }
                if (!int.TryParse(pinHeader.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                {
                    throw InferenceRequestException.BadRequest($"The {InferenceHeaders.ModelVersion} header is '{pinHeader}'; it must be a version number (1, 2, …).");
                }
                pinned = version;
            }
            var routingKey = request.Headers.TryGetValue(InferenceHeaders.RoutingKey, out var key) && key.ToString() is { Length: > 0 } given
                ? given
                : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value ?? "" : "";
            using var pooled = await PooledBody.ReadAsync(request, limits.MaxRequestBytes, cancellationToken);
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                var rows = RowsRequestParser.Parse(pooled.Span, limits.MaxRows);
                var result = await inference.PredictAsync(model, rows, routingKey, pinned, cancellationToken);
                SetHeaders(context.Response, result);
                return Results.Bytes(WriteJson(result, request.Query["probabilities"] == "true"), "application/json");
            }
            var body = pooled.ToBinaryData();
            SurveyTile tile;
            if (mediaType.Equals(ClassMaps.GeoTiffMediaType, StringComparison.OrdinalIgnoreCase) || mediaType.Equals("image/tif", StringComparison.OrdinalIgnoreCase))
            {
                tile = SurveyTileReader.ReadCombined(body, limits.MaxRows);
            }
            else if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var parts = await ReadPartsAsync(parsed!, body, cancellationToken);
                tile = SurveyTileReader.ReadPair(parts[SurveyTileReader.BackscatterPart], parts[SurveyTileReader.BathymetryPart], limits.MaxRows);
            }
            else
            {
                return Results.Json(new
                {
                    error = $"Content-Type '{request.ContentType}' is not accepted: send rows as application/json, a 4-band tile as image/tiff, or multipart/form-data with \"backscatter\" and \"bathymetry\" parts.",
                }, statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
            var scored = await inference.PredictAsync(model, tile.Rows, routingKey, pinned, cancellationToken);
            SetHeaders(context.Response, scored);
            var codes = ClassMaps.Raster(tile, scored.Labels);
            var png = request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ClassMaps.PngMediaType, StringComparison.OrdinalIgnoreCase));
            return png
                ? Results.Bytes(ClassMaps.ToPng(tile, codes), ClassMaps.PngMediaType)
                : Results.Bytes(ClassMaps.ToGeoTiff(tile, codes), ClassMaps.GeoTiffMediaType);
        }
        catch (InferenceRequestException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: e.Status);
        }
        catch (Exception e) when (e is ModelLoadException or MlOps.Onnx.Runtime.OnnxRuntimeException)
        {
            return Results.Json(new { error = $"Model '{model}' failed to score the request: {e.Message}" }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static void SetHeaders(HttpResponse response, InferenceResult result)
    {
        response.Headers[InferenceHeaders.ModelVersion] = result.Version.ToString(CultureInfo.InvariantCulture);
        response.Headers[InferenceHeaders.RequestId] = result.RequestId;
        if (result.FailedVersion is { } failed)
        {
            response.Headers[InferenceHeaders.Fallback] = failed.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static byte[] WriteJson(InferenceResult result, bool probabilities)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + result.Labels.Length * (probabilities ? 48 : 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", result.Model);
            json.WriteNumber("version", result.Version);
            json.WriteString("requestId", result.RequestId);
            json.WriteNumber("rows", result.Labels.Length);
            if (result.FailedVersion is { } failed)
            {
                json.WriteNumber("failedVersion", failed);
            }
            json.WriteStartArray("labels");
            foreach (var label in result.Labels)
            {
                json.WriteNumberValue(label);
            }
            json.WriteEndArray();
            if (probabilities)
            {
                json.WriteStartArray("probabilities");
                var classes = result.Probabilities.Length / Math.Max(1, result.Labels.Length);
                for (var r = 0; r < result.Labels.Length; r++)
                {
                    json.WriteStartArray();
                    for (var c = 0; c < classes; c++)
                    {
                        json.WriteNumberValue(MathF.Round(result.Probabilities[r * classes + c], 5));
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<Dictionary<string, BinaryData>> ReadPartsAsync(MediaTypeHeaderValue contentType, BinaryData body, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw InferenceRequestException.BadRequest("The multipart/form-data body has no boundary.");
        }
        var parts = new Dictionary<string, BinaryData>(StringComparer.OrdinalIgnoreCase);
        var reader = new MultipartReader(boundary, body.ToStream());
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                    : null;
                if (name is null)
                {
                    continue;
                }
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                parts[name] = BinaryData.FromBytes(content.ToArray());
            }
        }
        catch (IOException e)
        {
            throw InferenceRequestException.BadRequest($"The multipart/form-data body is malformed: {e.Message}");
        }
        foreach (var required in new[] { SurveyTileReader.BackscatterPart, SurveyTileReader.BathymetryPart })
        {
            if (!parts.ContainsKey(required))
            {
                throw InferenceRequestException.BadRequest($"The multipart/form-data body has no part named \"{required}\" (it has: {(parts.Count == 0 ? "none" : string.Join(", ", parts.Keys))}).");
            }
        }
        return parts;
    }
}
