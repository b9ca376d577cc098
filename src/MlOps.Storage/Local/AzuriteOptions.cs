namespace MlOps.Storage.Local;

/// <summary>Where the local Azurite blob service listens and keeps its data (configuration section MlOps:Azurite).</summary>
public sealed class AzuriteOptions
{
    public const string Section = "MlOps:Azurite";

    public int BlobPort { get; set; } = StorageConnectionString.DefaultDevelopmentBlobPort;

    /// <summary>Data folder; defaults to .mlops/azurite under the project root.</summary>
    public string? Location { get; set; }

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public string NodeExecutable { get; set; } = "node";
}
