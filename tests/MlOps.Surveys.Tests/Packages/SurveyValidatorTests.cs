using System.Text.Json;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Packages;

/// <summary>The validator reports every problem of a package, each naming its file; it never throws for a bad package.</summary>
public sealed class SurveyValidatorTests
{
    private static async Task<string> CopyOf2016Async(TemporaryDirectory directory)
    {
        var site = await SyntheticSites.SmallSiteAsync();
        return SyntheticSites.CopyPackage(Path.Combine(site, "2016"), directory.File("2016"));
    }

    private static Task<SurveyValidationReport> ValidateAsync(string package, SurveyValidationOptions? options = null) =>
        new SurveyValidator(options).ValidateAsync(package);

    [Fact]
    public async Task TheGeneratorsPackagesAreValid()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        foreach (var year in new[] { 2016, 2017 })
        {
            var report = await ValidateAsync(Path.Combine(site, year.ToString()), new SurveyValidationOptions { RequireGroundTruth = true, ExpectedYear = year, ExpectedSite = "bedford-basin" });
            Assert.True(report.Valid, string.Join("\n", report.Errors));
            Assert.Equal(year, report.Manifest!.Year);
        }
    }

    [Fact]
    public async Task AMissingFile()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        File.Delete(Path.Combine(package, SurveyPackage.BathymetryFile));
        var report = await ValidateAsync(package);
        Assert.False(report.Valid);
        var error = Assert.Single(report.Errors);
        Assert.Equal(new SurveyValidationError("bathymetry.tif", "missing (listed in manifest.json)."), error);
    }

    [Fact]
    public async Task AMissingManifest()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        File.Delete(Path.Combine(package, SurveyPackage.ManifestFile));
        var report = await ValidateAsync(package);
        Assert.Equal(new SurveyValidationError("manifest.json", "missing."), Assert.Single(report.Errors));
    }

    [Fact]
    public async Task AWrongChecksum()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        var manifestPath = Path.Combine(package, SurveyPackage.ManifestFile);
        var manifest = SurveyManifest.Load(manifestPath);
        var wrong = new string('0', 64);
        var edited = manifest with { Files = manifest.Files.Select(f => f.Name == SurveyPackage.BackscatterFile ? f with { Sha256 = wrong } : f).ToList() };
        await File.WriteAllTextAsync(manifestPath, edited.ToJson());
        var report = await ValidateAsync(package);
        var error = Assert.Single(report.Errors);
        Assert.Equal("backscatter.tif", error.File);
        Assert.Matches($"^SHA-256 is [0-9a-f]{{64}} but manifest.json says {wrong}.$", error.Message);
    }

    [Fact]
    public async Task AFileChangedAfterTheManifestWasWritten()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        await File.AppendAllTextAsync(Path.Combine(package, SurveyPackage.GroundTruthFile), "extra");
        var report = await ValidateAsync(package);
        Assert.Equal(2, report.Errors.Count);
        Assert.All(report.Errors, e => Assert.Equal("groundtruth.tif", e.File));
        Assert.Contains(report.Errors, e => e.Message.StartsWith("size is ", StringComparison.Ordinal) && e.Message.Contains("but manifest.json says"));
        Assert.Contains(report.Errors, e => e.Message.StartsWith("SHA-256 is ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATruncatedTiff()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        var path = Path.Combine(package, SurveyPackage.BackscatterFile);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        await RewriteManifestAsync(package);
        var report = await ValidateAsync(package);
        var error = Assert.Single(report.Errors);
        Assert.Equal("backscatter.tif", error.File);
        Assert.StartsWith("truncated or corrupt", error.Message);
    }

    [Fact]
    public async Task ACorruptTiff()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        var path = Path.Combine(package, SurveyPackage.BathymetryFile);
        var bytes = await File.ReadAllBytesAsync(path);
        // Scramble the tile data (our writer puts the tiles before the directory).
        var random = new Random(1);
        for (var i = 0; i < 2000; i++)
        {
            bytes[16 + random.Next(bytes.Length / 2)] ^= 0x5A;
        }
        await File.WriteAllBytesAsync(path, bytes);
        await RewriteManifestAsync(package);
        var report = await ValidateAsync(package);
        var error = Assert.Single(report.Errors);
        Assert.Equal("bathymetry.tif", error.File);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public async Task MismatchedRasters()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        // Ground truth cropped (different size), bathymetry shifted (different geotransform) and in another CRS.
        var groundTruth = Path.Combine(package, SurveyPackage.GroundTruthFile);
        await Gdal.TranslateAsync(groundTruth, groundTruth + ".tmp", "-srcwin", "0", "0", "200", "256");
        File.Move(groundTruth + ".tmp", groundTruth, overwrite: true);
        var bathymetry = Path.Combine(package, SurveyPackage.BathymetryFile);
        await Gdal.TranslateAsync(bathymetry, bathymetry + ".tmp", "-a_ullr", "452100", "4951000", "456196", "4946904", "-a_srs", "EPSG:32619");
        File.Move(bathymetry + ".tmp", bathymetry, overwrite: true);
        await RewriteManifestAsync(package);

        var report = await ValidateAsync(package);
        Assert.Contains(new SurveyValidationError("groundtruth.tif", "is 200×256 pixels but backscatter.tif is 256×256."), report.Errors);
        Assert.Contains(new SurveyValidationError("bathymetry.tif", "CRS is EPSG:32619 but backscatter.tif is EPSG:32620."), report.Errors);
        Assert.Contains(new SurveyValidationError("bathymetry.tif", "CRS is EPSG:32619 but manifest.json says EPSG:32620."), report.Errors);
        Assert.Contains(report.Errors, e => e.File == "bathymetry.tif" && e.Message.StartsWith("geotransform [452100, 16, 0, 4951000, 0, -16] differs from backscatter.tif", StringComparison.Ordinal));
        Assert.Equal(4, report.Errors.Count);
    }

    [Fact]
    public async Task WrongBandCountAndClassCodes()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        var backscatter = Path.Combine(package, SurveyPackage.BackscatterFile);
        await Gdal.TranslateAsync(backscatter, backscatter + ".tmp", "-b", "1", "-b", "2");
        File.Move(backscatter + ".tmp", backscatter, overwrite: true);
        WriteGroundTruth(package, (row, column) => row == 10 && column == 20 ? (byte)7 : row == 11 ? (byte)9 : (byte)(1 + column % 5));
        await RewriteManifestAsync(package);

        var report = await ValidateAsync(package);
        Assert.Contains(new SurveyValidationError("backscatter.tif", "has 2 band(s); a backscatter raster has 3."), report.Errors);
        Assert.Contains(new SurveyValidationError("groundtruth.tif",
            "holds 257 pixel(s) with class codes outside 1–5 (first: 7 at row 10, column 20); 0 or nodata means unlabelled."), report.Errors);
        Assert.Equal(2, report.Errors.Count);
    }

    [Fact]
    public async Task AllNodata()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        WriteGroundTruth(package, (_, _) => 0);
        var bathymetry = Path.Combine(package, SurveyPackage.BathymetryFile);
        await Gdal.TranslateAsync(bathymetry, bathymetry + ".tmp", "-scale", "-10000", "100", "-9999", "-9999", "-ot", "Float32");
        File.Move(bathymetry + ".tmp", bathymetry, overwrite: true);
        await RewriteManifestAsync(package);

        var report = await ValidateAsync(package);
        Assert.Contains(new SurveyValidationError("groundtruth.tif", "has no labelled pixels: every pixel is 0 or nodata."), report.Errors);
        Assert.Contains(new SurveyValidationError("bathymetry.tif", "is all nodata."), report.Errors);
        Assert.Equal(2, report.Errors.Count);
    }

    [Fact]
    public async Task DimensionsOverTheLimit()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var report = await ValidateAsync(Path.Combine(site, "2016"), new SurveyValidationOptions { MaxWidth = 128, MaxHeight = 128 });
        Assert.Equal(3, report.Errors.Count);
        Assert.Contains(new SurveyValidationError("backscatter.tif", "over the limit: image width is 256 pixels (limit 128)."), report.Errors);
    }

    [Fact]
    public async Task DeliveredForAnotherSiteOrYear()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var report = await ValidateAsync(Path.Combine(site, "2016"), new SurveyValidationOptions { ExpectedSite = "halifax", ExpectedYear = 2019 });
        Assert.Contains(new SurveyValidationError("manifest.json", "site is \"bedford-basin\" but the package was delivered for site \"halifax\"."), report.Errors);
        Assert.Contains(new SurveyValidationError("manifest.json", "year is 2016 but the package was delivered for year 2019."), report.Errors);
    }

    [Fact]
    public async Task ManyProblemsInOneReportAsJson()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await CopyOf2016Async(directory);
        File.Delete(Path.Combine(package, SurveyPackage.GroundTruthFile));
        await File.WriteAllTextAsync(Path.Combine(package, SurveyPackage.ManifestFile), "{ \"site\": 3 }");
        await File.WriteAllBytesAsync(Path.Combine(package, SurveyPackage.BackscatterFile), [1, 2, 3]);
        var report = await ValidateAsync(package, new SurveyValidationOptions { RequireGroundTruth = true });
        var json = JsonDocument.Parse(report.ToJson()).RootElement;
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("year").ValueKind);
        var errors = json.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("file").GetString(), e.GetProperty("message").GetString())).ToList();
        Assert.Contains(("manifest.json", "site: must be a string, not a number."), errors);
        Assert.Contains(("manifest.json", "year: missing."), errors);
        Assert.Contains(("backscatter.tif", "not a TIFF file: 3 bytes is shorter than a TIFF header (8 bytes)."), errors);
        Assert.Contains(("groundtruth.tif", "missing."), errors);
    }

    [Fact]
    public async Task ANonexistentDirectory()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var report = await ValidateAsync(directory.File("nothing-here"));
        Assert.Equal(".", Assert.Single(report.Errors).File);
    }

    private static async Task RewriteManifestAsync(string package)
    {
        var manifest = SurveyManifest.Load(Path.Combine(package, SurveyPackage.ManifestFile));
        var writer = new SurveyPackageWriter(package, manifest.Site, manifest.Year, manifest.Epsg, manifest.Acquisition);
        await writer.WriteManifestAsync();
    }

    private static void WriteGroundTruth(string package, Func<int, int, byte> classAt)
    {
        var path = Path.Combine(package, SurveyPackage.GroundTruthFile);
        GeoTransform transform;
        int? epsg;
        using (var reader = GeoTiffReader.Open(Path.Combine(package, SurveyPackage.BackscatterFile)))
        {
            transform = reader.GeoTransform!.Value;
            epsg = reader.Epsg;
        }
        var data = new byte[256 * 256];
        for (var r = 0; r < 256; r++)
        {
            for (var c = 0; c < 256; c++)
            {
                data[r * 256 + c] = classAt(r, c);
            }
        }
        using var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions
        {
            Width = 256, Height = 256, DataType = RasterDataType.Byte, NoData = 0, GeoTransform = transform, Epsg = epsg,
        });
        writer.WriteRows(data);
        writer.Complete();
    }
}
