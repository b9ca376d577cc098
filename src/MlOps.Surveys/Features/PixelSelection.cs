namespace MlOps.Surveys.Features;

/// <summary>Which pixels become feature rows.</summary>
public enum PixelSelection
{
    /// <summary>Valid pixels with a ground-truth class 1–5 (training and evaluation).</summary>
    Labelled,

    /// <summary>Every valid pixel, labelled or not (label 0): for predicting a map.</summary>
    AllValid,
}
