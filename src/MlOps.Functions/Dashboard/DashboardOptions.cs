namespace MlOps.Functions.Dashboard;

/// <summary>The web dashboard's settings (configuration section MlOps:Dashboard).</summary>
public sealed class DashboardOptions
{
    public const string Section = "MlOps:Dashboard";

    /// <summary>How long a sign-in lasts before the key is asked for again.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Blob container for rendered map pictures, keyed by model version, year and survey upload.</summary>
    public string MapsContainer { get; set; } = "maps";

    /// <summary>Runs per page of the runs list.</summary>
    public int RunsPageSize { get; set; } = 50;

    /// <summary>Runs shown on the overview.</summary>
    public int RecentRuns { get; set; } = 12;

    /// <summary>Newest versions shown on a model's page (all of them with ?all=true).</summary>
    public int VersionsShown { get; set; } = 30;

    /// <summary>
    /// How often a model's registry folder is listed again for the version list; in between,
    /// new versions are found by probing the next numbers.
    /// </summary>
    public TimeSpan VersionListingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Maps rendered at once; each holds a survey's rasters and an ONNX Runtime session.</summary>
    public int MaxConcurrentMapRenders { get; set; } = 1;

    /// <summary>Raster rows scored per ONNX Runtime call when rendering a map.</summary>
    public int MapWindowRows { get; set; } = 128;
}
