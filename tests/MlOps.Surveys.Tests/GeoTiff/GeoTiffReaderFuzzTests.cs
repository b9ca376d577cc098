using System.Diagnostics;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;
using Xunit.Abstractions;

namespace MlOps.Surveys.Tests.GeoTiff;

[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>
/// Random bytes and mutated valid files thrown at the reader for a bounded time, seeded: the
/// only exception allowed out is <see cref="GeoTiffException"/>, no input may hang, and no input
/// may make the reader allocate more than its configured limits allow. Runs alone, so that the
/// process-wide allocation counter measures the reader only.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class GeoTiffReaderFuzzTests(ITestOutputHelper output)
{
    private const long AllocationBudget = 64L << 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private static readonly GeoTiffReaderOptions Limits = new()
    {
        MaxWidth = 4096,
        MaxHeight = 4096,
        MaxBands = 8,
        MaxDirectoryEntries = 512,
        MaxTagBytes = 1 << 20,
        MaxChunkBytes = 4 << 20,
        ChunkCacheBytes = 4 << 20,
    };

    [Fact(Timeout = 300_000)]
    public async Task OnlyGeoTiffExceptionsEscape()
    {
        var corpus = await CorpusAsync();
        var random = new Random(20261122);
        var clock = Stopwatch.StartNew();
        var inputs = 0;
        var rejected = 0;
        var failures = new List<string>();
        await Task.Run(() =>
        {
            while (clock.Elapsed < Budget && failures.Count < 5)
            {
                var (description, bytes) = NextInput(random, corpus);
                inputs++;
                var before = GC.GetTotalAllocatedBytes(precise: true);
                try
                {
                    ReadEverything(bytes);
                }
                catch (GeoTiffException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    failures.Add($"input {inputs} ({description}): {e.GetType().Name}: {e.Message}");
                }
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (allocated > AllocationBudget + 16L * bytes.Length)
                {
                    failures.Add($"input {inputs} ({description}): allocated {allocated >> 20} MiB for a {bytes.Length}-byte file.");
                }
            }
        });
        output.WriteLine($"{inputs} inputs in {clock.Elapsed.TotalSeconds:F1} s, {rejected} rejected with GeoTiffException.");
        Assert.Empty(failures);
        Assert.True(inputs > 100, $"only {inputs} inputs were tried.");
        Assert.InRange(rejected, 1, inputs - 1);
    }

    private static void ReadEverything(byte[] bytes)
    {
        using var reader = GeoTiffReader.Open(new MemoryStream(bytes), Limits);
        const int window = 16;
        var buffer = new double[reader.BandCount * window * reader.Width];
        // First and last windows: enough to reach every code path without reading a 4096-row claim in full.
        foreach (var row in new[] { 0, Math.Max(0, reader.Height - window), reader.Height / 2 })
        {
            reader.ReadRows(row, Math.Min(window, reader.Height - row), buffer);
        }
        _ = BandStatistics.Compute(reader, window);
    }

    private static (string, byte[]) NextInput(Random random, List<(string Name, byte[] Bytes)> corpus)
    {
        var kind = random.Next(10);
        if (kind == 0)
        {
            var noise = new byte[random.Next(0, 4096)];
            random.NextBytes(noise);
            if (noise.Length >= 4 && random.Next(2) == 0)
            {
                // A valid header over random bytes gets further into the reader.
                noise[0] = noise[1] = (byte)(random.Next(2) == 0 ? 'I' : 'M');
                noise[2] = noise[0] == 'I' ? (byte)(42 + random.Next(2)) : (byte)0;
                noise[3] = noise[0] == 'I' ? (byte)0 : (byte)(42 + random.Next(2));
            }
            return ($"{noise.Length} random bytes", noise);
        }
        var (name, original) = corpus[random.Next(corpus.Count)];
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case 1:
                return ($"{name} truncated", bytes[..random.Next(bytes.Length)]);
            case 2:
            case 3:
            {
                // Damage the directory region, where sizes, counts and offsets live.
                var flips = 1 + random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    bytes[DirectoryBiasedPosition(random, bytes)] = (byte)random.Next(256);
                }
                return ($"{name} with {flips} directory bytes changed", bytes);
            }
            case 4:
            {
                // Set a 4-byte field to an extreme value (huge counts, offsets past the end).
                var at = DirectoryBiasedPosition(random, bytes);
                var value = random.Next(3) switch { 0 => uint.MaxValue, 1 => 0x7FFFFFFFu, _ => (uint)random.Next() };
                for (var i = 0; i < 4 && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = (byte)(value >> (8 * i));
                }
                return ($"{name} with an extreme field at {at}", bytes);
            }
            default:
            {
                var flips = 1 + random.Next(64);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return ($"{name} with {flips} bit flips", bytes);
            }
        }
    }

    private static int DirectoryBiasedPosition(Random random, byte[] bytes) =>
        random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 512)) : Math.Max(0, bytes.Length - 1 - random.Next(Math.Min(bytes.Length, 1024)));

    /// <summary>Small valid files in many encodings: ours and GDAL's.</summary>
    private static async Task<List<(string, byte[])>> CorpusAsync()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var source = directory.File("source.tif");
        await Gdal.TranslateAsync(Path.Combine(site, "2016", SurveyPackage.BackscatterFile), source, "-srcwin", "80", "100", "48", "40");
        var corpus = new List<(string, byte[])> { ("ours", await File.ReadAllBytesAsync(source)) };
        string[][] encodings =
        [
            ["-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"],
            ["-co", "COMPRESS=LZW", "-co", "PREDICTOR=3", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"],
            ["-co", "COMPRESS=DEFLATE", "-co", "INTERLEAVE=BAND", "-co", "BIGTIFF=YES"],
            ["-co", "COMPRESS=PACKBITS", "-ot", "Int16", "-co", "ENDIANNESS=BIG"],
            ["-ot", "Float64", "-co", "ENDIANNESS=BIG", "-co", "BLOCKYSIZE=5"],
            ["-ot", "Byte", "-co", "COMPRESS=LZW", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "SPARSE_OK=TRUE"],
        ];
        for (var i = 0; i < encodings.Length; i++)
        {
            var path = directory.File($"gdal{i}.tif");
            await Gdal.TranslateAsync(source, path, encodings[i]);
            corpus.Add((string.Join(' ', encodings[i]), await File.ReadAllBytesAsync(path)));
        }
        return corpus;
    }
}
