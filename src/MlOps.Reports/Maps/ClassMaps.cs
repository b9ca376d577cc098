using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Maps;

/// <summary>
/// A model's predicted class for every valid pixel of a survey next to the survey's ground truth,
/// as row-major rasters of class codes (0: no valid data / unlabelled), and what they add up to.
/// </summary>
public sealed class ClassMaps
{
    public ClassMaps(int width, int height, byte[] predicted, byte[] truth)
    {
        if (predicted.Length != (long)width * height || truth.Length != predicted.Length)
        {
            throw new ArgumentException($"A {width}×{height} map needs {(long)width * height} pixels per raster, got {predicted.Length} and {truth.Length}.");
        }
        Width = width;
        Height = height;
        Predicted = predicted;
        Truth = truth;
        Disagreement = new byte[predicted.Length];
        var counts = new long[SeabedClasses.All.Count];
        for (var i = 0; i < predicted.Length; i++)
        {
            var p = predicted[i];
            var t = truth[i];
            if (p == 0)
            {
                Disagreement[i] = DisagreementCode.NoData;
                continue;
            }
            ValidPixels++;
            if (p <= counts.Length)
            {
                counts[p - 1]++;
            }
            if (t == 0)
            {
                Disagreement[i] = DisagreementCode.UnlabelledValid;
                continue;
            }
            LabelledPixels++;
            if (t == p)
            {
                AgreeingPixels++;
                Disagreement[i] = DisagreementCode.Agree;
            }
            else
            {
                Disagreement[i] = DisagreementCode.Disagree;
            }
        }
        PredictedShare = counts.Select(c => ValidPixels == 0 ? 0 : Math.Round((double)c / ValidPixels, 4)).ToList();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Predicted class (1–5) per pixel; 0 where the survey has no valid data.</summary>
    public byte[] Predicted { get; }

    /// <summary>Ground-truth class (1–5) per pixel; 0 where unlabelled.</summary>
    public byte[] Truth { get; }

    /// <summary>A <see cref="DisagreementCode"/> per pixel.</summary>
    public byte[] Disagreement { get; }

    public long ValidPixels { get; }

    /// <summary>Valid pixels with a ground-truth class.</summary>
    public long LabelledPixels { get; }

    public long AgreeingPixels { get; }

    /// <summary>Share of labelled pixels predicted right (null without any).</summary>
    public double? Agreement => LabelledPixels == 0 ? null : (double)AgreeingPixels / LabelledPixels;

    /// <summary>Share of valid pixels predicted as each class (index class − 1).</summary>
    public IReadOnlyList<double> PredictedShare { get; }

    public byte[] PredictedPng() => PngEncoder.Encode(SeabedClasses.ToRgb(Predicted), Width, Height);

    public byte[] TruthPng() => PngEncoder.Encode(SeabedClasses.ToRgb(Truth), Width, Height);

    public byte[] DisagreementPng()
    {
        var rgb = new byte[Disagreement.Length * 3];
        for (var i = 0; i < Disagreement.Length; i++)
        {
            var colour = MapPalette.ForDisagreement(Disagreement[i]);
            rgb[3 * i] = colour.Red;
            rgb[3 * i + 1] = colour.Green;
            rgb[3 * i + 2] = colour.Blue;
        }
        return PngEncoder.Encode(rgb, Width, Height);
    }
}
