using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Functions.Inference;
using MlOps.Registry;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops predict NAME --rows FILE.csv | --tile FILE.tif [--bathymetry FILE.tif] [--out FILE]`:
/// scores through the running host's predict function, as any client would. Rows: a CSV with a
/// header naming the raw columns (a "label" column is ignored); the answer (version, request
/// id, labels) goes to --out or standard output. Tile: a 4-band GeoTIFF, or backscatter.tif with
/// --bathymetry; the class map is written to --out (a .png name asks for a PNG map).
/// </summary>
public static class PredictCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "Model name" };
        var rows = new Option<string?>("--rows") { Description = "CSV of raw inputs with a header (backscatter_low, backscatter_mid, backscatter_high, depth, x, y)" };
        var tile = new Option<string?>("--tile") { Description = "A 4-band GeoTIFF tile (backscatter low, mid, high, depth), or backscatter.tif with --bathymetry" };
        var bathymetry = new Option<string?>("--bathymetry") { Description = "bathymetry.tif to go with a 3-band backscatter --tile" };
        var output = new Option<string?>("--out") { Description = "Where to write the answer (rows: JSON; tile: the class map, .png for a PNG)" };
        var host = new Option<string?>("--host") { Description = "The functions host (default http://127.0.0.1:7071)" };
        var command = new Command("predict", "Score rows or map a survey tile with a model through the running host's predict function.");
        command.Arguments.Add(name);
        command.Options.Add(rows);
        command.Options.Add(tile);
        command.Options.Add(bathymetry);
        command.Options.Add(output);
        command.Options.Add(host);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var model = parse.GetValue(name)!;
                ModelName.Validate(model);
                var rowsPath = parse.GetValue(rows);
                var tilePath = parse.GetValue(tile);
                if ((rowsPath is null) == (tilePath is null))
                {
                    await Console.Error.WriteLineAsync("error: give either --rows FILE.csv or --tile FILE.tif.");
                    return 2;
                }
                using var connection = HostConnection.Open(environment, parse.GetValue(host));
                var path = $"api/models/{model}/predict";
                var outPath = parse.GetValue(output);
                if (rowsPath is not null)
                {
                    var (columns, values) = ReadCsv(rowsPath);
                    using var response = await connection.SendAsync(connection.Request(HttpMethod.Post, path, connection.Keys.Function, JsonContent.Create(new { columns, rows = values })), cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        return await FailAsync(response, cancellationToken);
                    }
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (outPath is null)
                    {
                        Console.WriteLine(body);
                    }
                    else
                    {
                        await File.WriteAllTextAsync(outPath, body, cancellationToken);
                        var answer = JsonDocument.Parse(body).RootElement;
                        Console.WriteLine($"{values.Count} rows scored by {model}:{answer.GetProperty("version").GetInt32()} (request {answer.GetProperty("requestId").GetString()}) → {outPath}");
                    }
                    return 0;
                }

                HttpContent content;
                if (parse.GetValue(bathymetry) is { } depthPath)
                {
                    content = new MultipartFormDataContent
                    {
                        { new ByteArrayContent(await ReadFileAsync(tilePath!, cancellationToken)), SurveyTileReader.BackscatterPart, Path.GetFileName(tilePath!) },
                        { new ByteArrayContent(await ReadFileAsync(depthPath, cancellationToken)), SurveyTileReader.BathymetryPart, Path.GetFileName(depthPath) },
                    };
                }
                else
                {
                    content = new ByteArrayContent(await ReadFileAsync(tilePath!, cancellationToken));
                    content.Headers.ContentType = new MediaTypeHeaderValue(ClassMaps.GeoTiffMediaType);
                }
                outPath ??= Path.ChangeExtension(tilePath!, null) + "-classes.tif";
                var png = outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
                using var request = connection.Request(HttpMethod.Post, path, connection.Keys.Function, content);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(png ? ClassMaps.PngMediaType : ClassMaps.GeoTiffMediaType));
                using var mapped = await connection.SendAsync(request, cancellationToken);
                if (!mapped.IsSuccessStatusCode)
                {
                    return await FailAsync(mapped, cancellationToken);
                }
                await File.WriteAllBytesAsync(outPath, await mapped.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
                var version = mapped.Headers.TryGetValues(InferenceHeaders.ModelVersion, out var v) ? v.First() : "?";
                Console.WriteLine($"{tilePath} mapped by {model}:{version} → {outPath}");
                return 0;
            }
            catch (Exception e) when (e is HostException or ModelRegistryException or FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return e is HostException ? 1 : 2;
            }
        });
        return command;
    }

    private static async Task<int> FailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync($"error: {await HostConnection.ErrorOfAsync(response, cancellationToken)}");
        return (int)response.StatusCode is >= 400 and < 500 ? 2 : 1;
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"{path}: no such file.");
        }
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    /// <summary>A numeric CSV with a header; a "label" column (ground truth) is left out.</summary>
    private static (List<string> Columns, List<float[]> Rows) ReadCsv(string path)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"{path}: no such file.");
        }
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new FormatException($"{path}: the file is empty; it needs a header line naming the columns.");
        var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToList();
        var keep = Enumerable.Range(0, names.Count).Where(i => names[i] != "label").ToArray();
        var rows = new List<float[]>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var cells = text.Split(',');
            if (cells.Length != names.Count)
            {
                throw new FormatException($"{path}, line {line}: {cells.Length} fields, but the header names {names.Count}.");
            }
            var row = new float[keep.Length];
            for (var k = 0; k < keep.Length; k++)
            {
                var cell = cells[keep[k]].Trim();
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]) || !float.IsFinite(row[k]))
                {
                    throw new FormatException($"{path}, line {line}, column {names[keep[k]]}: '{cell}' is not a finite number.");
                }
            }
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            throw new FormatException($"{path}: no rows under the header.");
        }
        return (keep.Select(i => names[i]).ToList(), rows);
    }
}
