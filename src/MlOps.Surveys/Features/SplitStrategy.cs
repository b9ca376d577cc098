namespace MlOps.Surveys.Features;

public enum SplitStrategy
{
    /// <summary>Whole square blocks of pixels go to one side: neighbours cannot leak between training and validation.</summary>
    SpatialBlocks,

    /// <summary>Each row on its own: optimistic, because a validation pixel's neighbours are in training.</summary>
    Random,
}
