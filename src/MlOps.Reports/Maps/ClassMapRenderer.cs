using System.Text.Json;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;
using MlOps.Surveys.Features;
using MlOps.Surveys.Packages;

namespace MlOps.Reports.Maps;

/// <summary>
/// Predicts a survey's map with a model: every valid pixel, read a window of raster rows at a
/// time, scored in one ONNX Runtime call per window, with the ground truth read alongside.
/// </summary>
public static class ClassMapRenderer
{
    /// <summary>Raster rows per window: bounds memory on large surveys (about 24 bytes per pixel of the window).</summary>
    public const int DefaultWindowRows = 128;

    public static ClassMaps Render(OnnxSession model, string packageDirectory, int windowRows = DefaultWindowRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = new FeatureOptions { Terrain = TerrainFor(model), WindowRows = Math.Max(1, windowRows) };
        using var reader = SurveyFeatureReader.Open(SurveyPackage.Open(packageDirectory), options);
        var predicted = new byte[(long)reader.Width * reader.Height];
        var truth = new byte[predicted.Length];
        foreach (var window in reader.ReadWindows(PixelSelection.AllValid))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (window.RowCount == 0)
            {
                continue;
            }
            var labels = model.Run(window.Values, window.RowCount, window.ColumnCount).Labels;
            for (var i = 0; i < window.RowCount; i++)
            {
                var at = (long)window.PixelRows[i] * reader.Width + window.PixelColumns[i];
                var label = labels[i];
                // A valid pixel is never 0 in the predicted raster; a label outside the classes would be a broken model.
                predicted[at] = label is >= 1 and <= 5
                    ? (byte)label
                    : throw new InvalidDataException($"the model predicted class {label} at row {window.PixelRows[i]}, column {window.PixelColumns[i]}; classes are 1–5.");
                truth[at] = window.Labels[i];
            }
        }
        return new ClassMaps(reader.Width, reader.Height, predicted, truth);
    }

    /// <summary>The terrain features whose columns are the model's input columns (from its metadata); raw columns when it names none.</summary>
    public static TerrainFeatures TerrainFor(OnnxSession model)
    {
        if (!model.Metadata.TryGetValue(OnnxMetadataKeys.InputColumns, out var json))
        {
            return TerrainFeatures.None;
        }
        string[] columns;
        try
        {
            columns = JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the model's {OnnxMetadataKeys.InputColumns} metadata is not a JSON list of names: {e.Message}", e);
        }
        foreach (var terrain in Enumerable.Range(0, (int)TerrainFeatures.All + 1).Select(v => (TerrainFeatures)v))
        {
            if (FeatureColumns.For(terrain).SequenceEqual(columns))
            {
                return terrain;
            }
        }
        throw new InvalidDataException(
            $"the model reads columns [{string.Join(", ", columns)}], which no survey feature set produces (raw columns are {string.Join(", ", FeatureColumns.Raw)}).");
    }
}
