using MlOps.Storage.Blobs;

namespace MlOps.Bench;

public sealed record StorageBenchmarkResult(
    int SizeMegabytes,
    double UploadMegabytesPerSecond,
    double DownloadMegabytesPerSecond,
    double CopyMegabytesPerSecond,
    double UploadToCopyRatio,
    double DownloadToCopyRatio,
    string Peer);

/// <summary>
/// Upload and download of one file through the blob client against the configured storage
/// (Azurite locally), next to `cp` of the same file on the same disk: the ceiling for a
/// local transfer.
/// </summary>
public static class StorageBenchmark
{
    public static async Task<StorageBenchmarkResult> RunAsync(BlobServiceClient client, string workDirectory, int sizeMegabytes, int repetitions, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var source = Path.Combine(workDirectory, "bench-source.bin");
        var copy = Path.Combine(workDirectory, "bench-copy.bin");
        var download = Path.Combine(workDirectory, "bench-download.bin");
        try
        {
            WriteRandomFile(source, sizeMegabytes * 1024L * 1024);
            var container = client.GetBlobContainerClient("bench");
            await container.CreateIfNotExistsAsync(cancellationToken);
            var blob = container.GetBlobClient($"storage/{Guid.NewGuid():N}.bin");

            var copyTime = await Measure.MedianAsync(repetitions, () => Measure.ProcessAsync("cp", source, copy));
            var uploadTime = await Measure.MedianAsync(repetitions, () => blob.UploadFromFileAsync(source, cancellationToken: cancellationToken));
            var downloadTime = await Measure.MedianAsync(repetitions, () => blob.DownloadToFileAsync(download, cancellationToken: cancellationToken));
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);

            double Rate(TimeSpan t) => Math.Round(sizeMegabytes / t.TotalSeconds, 1);
            var copyRate = Rate(copyTime);
            return new StorageBenchmarkResult(
                sizeMegabytes,
                Rate(uploadTime),
                Rate(downloadTime),
                copyRate,
                Math.Round(Rate(uploadTime) / copyRate, 3),
                Math.Round(Rate(downloadTime) / copyRate, 3),
                "cp of the same local file");
        }
        finally
        {
            foreach (var file in new[] { source, copy, download })
            {
                File.Delete(file);
            }
        }
    }

    private static void WriteRandomFile(string path, long size)
    {
        var random = new Random(1);
        var buffer = new byte[1 << 20];
        using var file = File.Create(path);
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
        }
    }
}
