using System.Diagnostics;
using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;

namespace MlOps.Bench.Surveys;

/// <summary>
/// `mlops bench survey`: generates one survey, then times (1) streaming every valid pixel into
/// feature rows, with peak memory, (2) our reader decoding the backscatter and bathymetry, and
/// (3) the peer, GDAL's gdal_translate decoding the same two files to raw ENVI with all CPUs, in
/// the same run (medians of three). Speeds are pixels per second; ratios compare us with the peer.
/// </summary>
public static class SurveyBenchmark
{
    private const int Repetitions = 3;

    public static async Task<SurveyBenchmarkResult> RunAsync(SurveyBenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"mlops-bench-survey-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var pixels = (long)options.Size * options.Size;
            await progress.WriteLineAsync($"generating a {options.Size}×{options.Size} survey in {work}…");
            var clock = Stopwatch.StartNew();
            var package = await new SurveySynthesizer(new SurveySynthesisOptions { Size = options.Size, Seed = options.Seed })
                .WriteYearAsync(Path.Combine(work, "2017"), 2017, cancellationToken);
            var synthesis = Rate(clock.Elapsed, pixels);

            await progress.WriteLineAsync($"extracting features (raw columns, median of {Repetitions})…");
            var features = MeasureFeatures(package, FeatureOptions.Raw, Repetitions, cancellationToken);
            await progress.WriteLineAsync("extracting features (with all terrain columns)…");
            var terrain = MeasureFeatures(package, new FeatureOptions { Terrain = TerrainFeatures.All }, 1, cancellationToken);

            await progress.WriteLineAsync($"decoding with our reader (median of {Repetitions})…");
            var reader = Rate(await Measure.MedianAsync(Repetitions, () =>
            {
                DecodeAll(package.BackscatterPath, cancellationToken);
                DecodeAll(package.BathymetryPath, cancellationToken);
                return Task.CompletedTask;
            }), pixels);

            await progress.WriteLineAsync($"decoding with gdal_translate (median of {Repetitions})…");
            var peer = Rate(await Measure.MedianAsync(Repetitions, async () =>
            {
                await GdalToRawAsync(package.BackscatterPath, Path.Combine(work, "backscatter.raw"), cancellationToken);
                await GdalToRawAsync(package.BathymetryPath, Path.Combine(work, "bathymetry.raw"), cancellationToken);
            }), pixels);
            var version = (await RunAsync("gdalinfo", ["--version"], cancellationToken)).Split(',')[0].Trim();

            return new SurveyBenchmarkResult(options.Size, pixels, synthesis, features, terrain, reader,
                $"gdal_translate -of ENVI, GDAL_NUM_THREADS=ALL_CPUS ({version})", peer);
        }
        finally
        {
            if (!options.KeepFiles)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// Peak memory from one pass started right after a full collection (later passes would also
    /// count the garbage of earlier ones), then the median time of <paramref name="repetitions"/> passes.
    /// </summary>
    private static FeatureThroughput MeasureFeatures(SurveyPackage package, FeatureOptions options, int repetitions, CancellationToken cancellationToken)
    {
        var memory = PeakMemory.Start("one feature extraction pass");
        var (rows, columns) = ExtractAll(package, options, cancellationToken);
        var peak = memory.PeakBytes();
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            ExtractAll(package, options, cancellationToken);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        var seconds = times[times.Count / 2];
        return new FeatureThroughput(seconds, rows, columns, rows / seconds, rows * (double)columns / seconds, peak, memory.BaselineBytes, memory.Scope);
    }

    private static (long Rows, int Columns) ExtractAll(SurveyPackage package, FeatureOptions options, CancellationToken cancellationToken)
    {
        long rows = 0;
        using var reader = SurveyFeatureReader.Open(package, options);
        foreach (var window in reader.ReadWindows(PixelSelection.AllValid))
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows += window.RowCount;
        }
        return (rows, reader.ColumnNames.Length);
    }

    private static void DecodeAll(string path, CancellationToken cancellationToken)
    {
        using var reader = GeoTiffReader.Open(path);
        var window = reader.BlockHeight * Math.Max(1, 256 / reader.BlockHeight);
        var buffer = new float[(long)reader.BandCount * window * reader.Width];
        for (var row = 0; row < reader.Height; row += window)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.ReadRows(row, Math.Min(window, reader.Height - row), buffer);
        }
    }

    private static Task GdalToRawAsync(string source, string target, CancellationToken cancellationToken) =>
        RunAsync("gdal_translate", ["-q", "-of", "ENVI", source, target], cancellationToken);

    private static async Task<string> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["GDAL_NUM_THREADS"] = "ALL_CPUS";
        start.Environment["GDAL_PAM_ENABLED"] = "NO";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}");
        }
        return await output;
    }

    private static Throughput Rate(TimeSpan elapsed, long items) => new(elapsed.TotalSeconds, items, items / elapsed.TotalSeconds);
}
