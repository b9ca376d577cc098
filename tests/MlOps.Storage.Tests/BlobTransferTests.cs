using System.Security.Cryptography;
using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class BlobTransferTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_200_MB_blob_goes_up_in_blocks_and_comes_back_with_the_same_SHA256()
    {
        var work = RepositoryPaths.NewWorkDirectory("transfer");
        var source = Path.Combine(work, "source.bin");
        var copy = Path.Combine(work, "copy.bin");
        try
        {
            WriteRandomFile(source, 200L * 1024 * 1024, seed: 7);
            var counter = new RequestCounter();
            var options = new BlobStorageClientOptions();
            options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
            var container = azurite.CreateServiceClient(options).GetBlobContainerClient((await azurite.CreateContainerAsync("big")).Name);
            var blob = container.GetBlobClient("surveys/bedford/2016/backscatter.tif");

            long reported = 0;
            await blob.UploadFromFileAsync(source, new BlobUploadOptions { Progress = new SynchronousProgress(v => reported = Math.Max(reported, v)) });
            var properties = await blob.DownloadToFileAsync(copy);

            Assert.Equal(200L * 1024 * 1024, properties.ContentLength);
            Assert.Equal(200L * 1024 * 1024, reported);
            Assert.Equal(25, counter.Requests.Count(r => r.Contains("comp=block&", StringComparison.Ordinal)));
            Assert.Single(counter.Requests, r => r.Contains("comp=blocklist", StringComparison.Ordinal));
            Assert.Equal(Sha256(source), Sha256(copy));
            Assert.Equal(MD5.HashData(File.ReadAllBytes(source)), properties.ContentHash);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Ranges_stream_exactly_the_requested_bytes()
    {
        var container = await azurite.CreateContainerAsync("ranges");
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var blob = container.GetBlobClient("data.bin");
        await blob.UploadAsync(new BinaryData(data));

        using var result = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(1_000, 5_000) });
        using var buffer = new MemoryStream();
        await result.Content.CopyToAsync(buffer);

        Assert.Equal(data.AsSpan(1_000, 5_000).ToArray(), buffer.ToArray());
        Assert.Equal(100_000, result.Details.ContentLength);
    }

    [Fact]
    public async Task Empty_and_small_blobs_round_trip_with_metadata()
    {
        var container = await azurite.CreateContainerAsync("small");
        var empty = container.GetBlobClient("empty.txt");
        await empty.UploadAsync(new BinaryData([]), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["site"] = "bedford" } });
        using var sink = new MemoryStream();
        var properties = await empty.DownloadToAsync(sink);

        Assert.Equal(0, sink.Length);
        Assert.Equal("bedford", properties.Metadata["site"]);

        await empty.SetMetadataAsync(new Dictionary<string, string> { ["year"] = "2017" });
        var updated = await empty.GetPropertiesAsync();
        Assert.Equal("2017", updated.Metadata["year"]);
        Assert.False(updated.Metadata.ContainsKey("site"));
        Assert.True(await empty.DeleteIfExistsAsync());
        Assert.False(await empty.ExistsAsync());
    }

    private static void WriteRandomFile(string path, long size, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var file = File.Create(path);
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
        }
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
