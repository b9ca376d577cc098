using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions.Inference;
using MlOps.Functions.Rollout;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class PredictFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["MlOps:Inference:MaxRows"] = "5000",
        ["MlOps:Inference:MaxRequestBytes"] = "1048576",
        ["MlOps:Registry:Rollout:RefreshInterval"] = "00:00:00.050",
    };

    [Fact]
    public async Task Rows_are_scored_by_the_champion_as_ONNX_Runtime_scores_them_in_process_with_the_version_in_header_and_body()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings);
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        var version = await CanaryModels.RegisterAsync(registry, "rows", models.Champion, "run-1", champion: true);
        var client = new InferenceClient(host, "rows");
        var rows = Enumerable.Range(0, 300).Select(models.Row).ToList();

        var answer = await client.PredictAsync(rows);
        var reordered = await client.PredictAsync(rows.Select(r => new[] { r[5], r[4], r[3], r[2], r[1], r[0] }), columns: [.. FeatureColumns.Raw.Reverse()]);

        using var session = OnnxSession.Create(models.Champion);
        var expected = session.Run(rows.SelectMany(r => r).ToArray(), rows.Count, 6).Labels;
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(version, answer.Version);
        Assert.Equal(version, JsonDocument.Parse(answer.Body).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(expected, answer.Labels);
        Assert.Equal(expected, reordered.Labels);
        Assert.NotEqual(answer.RequestId, reordered.RequestId);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_naming_what_is_wrong()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings);
        await CanaryModels.RegisterAsync(host.Services.GetRequiredService<ModelRegistryClient>(), "badinput", models.Champion, "run-1", champion: true);
        var row = models.Row(0);
        var client = new InferenceClient(host, "badinput");

        async Task<(HttpStatusCode Status, string Error)> Post(string body, string contentType = "application/json", string model = "badinput", string? key = null)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            using var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, $"/api/models/{model}/predict", key ?? host.Keys.Function, content));
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? "" : JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!);
        }
        string Numbers(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var fiveFeatures = await Post($"{{\"rows\":[[{Numbers(row)}],[{Numbers(row.Take(5))}]]}}");
        var fiveEverywhere = await Post($"{{\"rows\":[[{Numbers(row.Take(5))}]]}}");
        var nullValue = await Post($"{{\"rows\":[[{Numbers(row.Take(3))},null,{Numbers(row.Skip(4))}]]}}");
        var nanString = await Post($"{{\"rows\":[[{Numbers(row.Take(3))},\"NaN\",{Numbers(row.Skip(4))}]]}}");
        var nanLiteral = await Post($"{{\"rows\":[[{Numbers(row.Take(3))},NaN,{Numbers(row.Skip(4))}]]}}");
        var unknownColumn = await Post($"{{\"columns\":[\"backscatter_low\",\"backscatter_mid\",\"backscatter_high\",\"depth\",\"x\",\"slope\"],\"rows\":[[{Numbers(row)}]]}}");
        var notTiff = await Post("this is not a GeoTIFF", "image/tiff");
        var unknownModel = await Post($"{{\"rows\":[[{Numbers(row)}]]}}", model: "nosuchmodel");
        var invalidName = await Post($"{{\"rows\":[[{Numbers(row)}]]}}", model: "Bad_Name");
        var tooManyRows = await Post($"{{\"rows\":[{string.Join(",", Enumerable.Repeat($"[{Numbers(row)}]", 5001))}]}}");
        var tooLarge = await Post($"{{\"rows\":[[{Numbers(row)}]],\"pad\":\"{new string(' ', 1_100_000)}\"}}");
        var plainText = await Post("1,2,3", "text/plain");
        var noKey = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/models/badinput/predict", null, JsonContent.Create(new { rows = new[] { row } })));
        var pinWithoutMaster = await client.PredictAsync([row], pin: 1);
        var pinWithMaster = await client.PredictAsync([row], pin: 1, key: host.Keys.Master);
        var pinUnknown = await client.PredictAsync([row], pin: 9, key: host.Keys.Master);

        Assert.Equal(HttpStatusCode.BadRequest, fiveFeatures.Status);
        Assert.Contains("rows[1] has 5 values but rows[0] has 6", fiveFeatures.Error);
        Assert.Equal(HttpStatusCode.BadRequest, fiveEverywhere.Status);
        Assert.Contains("the model takes 6 (backscatter_low, backscatter_mid, backscatter_high, depth, x, y)", fiveEverywhere.Error);
        Assert.Equal(HttpStatusCode.BadRequest, nullValue.Status);
        Assert.Contains("rows[0][3] is null", nullValue.Error);
        Assert.Equal(HttpStatusCode.BadRequest, nanString.Status);
        Assert.Contains("rows[0][3] is the string \"NaN\"", nanString.Error);
        Assert.Equal(HttpStatusCode.BadRequest, nanLiteral.Status);
        Assert.Contains("not valid JSON", nanLiteral.Error);
        Assert.Equal(HttpStatusCode.BadRequest, unknownColumn.Status);
        Assert.Contains("missing y; unknown slope", unknownColumn.Error);
        Assert.Equal(HttpStatusCode.BadRequest, notTiff.Status);
        Assert.Contains("not a readable GeoTIFF", notTiff.Error);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.Status);
        Assert.Contains("'nosuchmodel' has no champion", unknownModel.Error);
        Assert.Equal(HttpStatusCode.BadRequest, invalidName.Status);
        Assert.Contains("Model name 'Bad_Name' is not valid", invalidName.Error);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyRows.Status);
        Assert.Contains("more than 5000 rows", tooManyRows.Error);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pinWithoutMaster.Status);
        Assert.Equal((HttpStatusCode.OK, 1), (pinWithMaster.Status, pinWithMaster.Version));
        Assert.Equal(HttpStatusCode.NotFound, pinUnknown.Status);
        Assert.Contains("no registered version 9", pinUnknown.Body);
    }

    [Fact]
    public async Task A_survey_tile_comes_back_as_a_class_GeoTIFF_on_its_grid_or_as_a_PNG_map()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string>(Settings) { ["MlOps:Inference:MaxRows"] = "20000" });
        await CanaryModels.RegisterAsync(host.Services.GetRequiredService<ModelRegistryClient>(), "tiles", models.Champion, "run-1", champion: true);
        var package = SurveyPackage.Open(models.Survey2018);
        var combined = Path.Combine(RepositoryPaths.NewWorkDirectory("tile"), "tile.tif");
        WriteFourBandTile(package, combined);

        var single = await SendTileAsync(host, new ByteArrayContent(File.ReadAllBytes(combined)) { Headers = { ContentType = new MediaTypeHeaderValue("image/tiff") } }, "image/tiff");
        var multipart = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(package.BackscatterPath)), SurveyTileReader.BackscatterPart, "backscatter.tif" },
            { new ByteArrayContent(File.ReadAllBytes(package.BathymetryPath)), SurveyTileReader.BathymetryPart, "bathymetry.tif" },
        };
        var pair = await SendTileAsync(host, multipart, "image/tiff");
        var png = await SendTileAsync(host, new ByteArrayContent(File.ReadAllBytes(combined)) { Headers = { ContentType = new MediaTypeHeaderValue("image/tiff") } }, "image/png");

        using var features = SurveyFeatureReader.Open(package);
        var table = features.ReadWindow(0, features.Height, PixelSelection.AllValid);
        using var session = OnnxSession.Create(models.Champion);
        var expected = session.Run(table.Values, table.RowCount, table.ColumnCount).Labels;
        foreach (var map in new[] { single, pair })
        {
            Assert.Equal(HttpStatusCode.OK, map.Status);
            Assert.Equal("image/tiff", map.MediaType);
            Assert.Equal("1", map.Version);
            var path = Path.Combine(RepositoryPaths.NewWorkDirectory("map"), "map.tif");
            File.WriteAllBytes(path, map.Body);
            using var reader = GeoTiffReader.Open(path);
            Assert.Equal((features.Width, features.Height, 1, RasterDataType.Byte), (reader.Width, reader.Height, reader.BandCount, reader.DataType));
            Assert.True(reader.GeoTransform!.Value.ApproximatelyEquals(features.GeoTransform));
            Assert.Equal(features.Epsg, reader.Epsg);
            var codes = new float[reader.Width * reader.Height];
            reader.ReadRows(0, reader.Height, codes);
            var predicted = Enumerable.Range(0, table.RowCount).Select(i => (long)codes[table.PixelRows[i] * reader.Width + table.PixelColumns[i]]).ToArray();
            Assert.Equal(expected, predicted);
            Assert.Equal(reader.Width * reader.Height - table.RowCount, codes.Count(c => c == 0));
        }
        Assert.Equal("image/png", png.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Body[..4]);
        Assert.Equal(features.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.Body.AsSpan(16)));
        Assert.Equal(features.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.Body.AsSpan(20)));
    }

    [Fact]
    public async Task Feedback_scores_the_served_labels_once_and_shows_in_the_version_metrics()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, Settings);
        await CanaryModels.RegisterAsync(host.Services.GetRequiredService<ModelRegistryClient>(), "feedback", models.Champion, "run-1", champion: true);
        var client = new InferenceClient(host, "feedback");
        var rows = Enumerable.Range(0, 200).Select(models.Row).ToList();
        var truth = Enumerable.Range(0, 200).Select(i => (int?)models.Traffic.Labels[i]).ToList();
        truth[0] = null;
        truth[1] = 0;

        var answer = await client.PredictAsync(rows);
        var first = await client.FeedbackAsync(answer.RequestId!, truth);
        var again = await client.FeedbackAsync(answer.RequestId!, truth);
        var unknown = await client.FeedbackAsync("00000000-1", truth);
        var shortLabels = await client.FeedbackAsync(answer.RequestId!, truth.Take(10));
        await host.Services.GetRequiredService<MetricsFlusher>().FlushAsync(CancellationToken.None);
        var status = await host.Services.GetRequiredService<CanaryStatusClient>().GetStatusAsync("feedback");

        var correct = Enumerable.Range(2, 198).Count(i => answer.Labels[i] == truth[i]);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var recorded = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((198, correct), (recorded.GetProperty("labelled").GetInt32(), recorded.GetProperty("correct").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("not issued by this host", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, shortLabels.StatusCode);
        var metrics = Assert.Single(status.Versions);
        Assert.Equal((1L, 200L, 198L), (metrics.ServedRequests, metrics.Rows, metrics.FeedbackRows));
        Assert.Equal(Math.Round(correct / 198.0, 6), metrics.FeedbackAccuracy);
        Assert.NotNull(metrics.P50Milliseconds);
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string? Version, byte[] Body)> SendTileAsync(TestHost host, HttpContent content, string accept)
    {
        using var request = host.Request(HttpMethod.Post, "/api/models/tiles/predict", host.Keys.Function, content);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await host.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues(InferenceHeaders.ModelVersion, out var v) ? v.First() : null,
            await response.Content.ReadAsByteArrayAsync());
    }

    private static void WriteFourBandTile(SurveyPackage package, string path)
    {
        using var backscatter = package.OpenBackscatter();
        using var bathymetry = package.OpenBathymetry();
        var plane = backscatter.Width * backscatter.Height;
        var bands = new float[4 * plane];
        backscatter.ReadRows(0, backscatter.Height, bands.AsSpan(0, 3 * plane));
        bathymetry.ReadBandRows(0, 0, bathymetry.Height, bands.AsSpan(3 * plane));
        for (var i = 0; i < bands.Length; i++)
        {
            if ((i < 3 * plane && backscatter.IsNoData(bands[i])) || (i >= 3 * plane && bathymetry.IsNoData(bands[i])))
            {
                bands[i] = float.NaN;
            }
        }
        using var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions
        {
            Width = backscatter.Width,
            Height = backscatter.Height,
            BandCount = 4,
            GeoTransform = backscatter.GeoTransform,
            Epsg = backscatter.Epsg,
            NoData = double.NaN,
        });
        writer.WriteRows(bands);
        writer.Complete();
    }
}
