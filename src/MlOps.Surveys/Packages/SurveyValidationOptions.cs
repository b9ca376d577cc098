using MlOps.Surveys.GeoTiff;

namespace MlOps.Surveys.Packages;

/// <summary>What <see cref="SurveyValidator"/> accepts.</summary>
public sealed record SurveyValidationOptions
{
    /// <summary>Largest raster width accepted, in pixels.</summary>
    public int MaxWidth { get; init; } = 16384;

    /// <summary>Largest raster height accepted, in pixels.</summary>
    public int MaxHeight { get; init; } = 16384;

    /// <summary>When true a package without groundtruth.tif is invalid (training years); inference-only years may omit it.</summary>
    public bool RequireGroundTruth { get; init; }

    /// <summary>When set, the manifest's site must equal it (e.g. the site in the blob path).</summary>
    public string? ExpectedSite { get; init; }

    /// <summary>When set, the manifest's year must equal it (e.g. the year in the blob path).</summary>
    public int? ExpectedYear { get; init; }

    internal GeoTiffReaderOptions ReaderOptions => GeoTiffReaderOptions.Default with { MaxWidth = MaxWidth, MaxHeight = MaxHeight };
}
