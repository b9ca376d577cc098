namespace MlOps.Bench.Surveys;

/// <summary>Seconds, items and items per second of one measured step.</summary>
public sealed record Throughput(double Seconds, long Items, double ItemsPerSecond);

public sealed record FeatureThroughput(double Seconds, long Rows, int Columns, double RowsPerSecond, double ValuesPerSecond, long PeakMemoryBytes, long BaselineMemoryBytes, string PeakMemoryScope);

public sealed record SurveyBenchmarkResult(
    int Size,
    long Pixels,
    Throughput Synthesis,
    FeatureThroughput Features,
    FeatureThroughput FeaturesWithTerrain,
    Throughput Reader,
    string PeerName,
    Throughput Peer)
{
    /// <summary>Pixels turned into raw feature rows per second, over GDAL's raw-decode pixels per second of the same files.</summary>
    public double FeaturesVersusPeer => Features.RowsPerSecond / Peer.ItemsPerSecond;

    /// <summary>Our GeoTIFF reader's decode speed over GDAL's on the same files.</summary>
    public double ReaderVersusPeer => Reader.ItemsPerSecond / Peer.ItemsPerSecond;
}
