using System.Text.Json;
using MlOps.Surveys.Packages;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Cli;

/// <summary>`mlops survey …` and `mlops features` as scripts run them: the built CLI as a process, JSON fields and exit codes.</summary>
public sealed class SurveyCommandsTests
{
    [Fact]
    public async Task SynthInspectValidateAndFeatures()
    {
        using var directory = new TemporaryDirectory("mlops-surveys-cli");
        var site = directory.File("site");
        var synth = await CliRunner.RunAsync(["survey", "synth", "--out", site, "--site", "test-basin", "--years", "2016,2017", "--size", "96", "--seed", "4", "--json"]);
        Assert.True(synth.ExitCode == 0, synth.StandardError);
        var packages = JsonDocument.Parse(synth.StandardOutput).RootElement.GetProperty("packages");
        Assert.Equal([2016, 2017], packages.EnumerateArray().Select(p => p.GetProperty("year").GetInt32()));
        foreach (var year in new[] { "2016", "2017" })
        {
            Assert.All(new[] { "backscatter.tif", "bathymetry.tif", "groundtruth.tif", "manifest.json" },
                file => Assert.True(File.Exists(Path.Combine(site, year, file)), $"{year}/{file}"));
        }

        var inspect = await CliRunner.RunAsync(["survey", "inspect", Path.Combine(site, "2016", "backscatter.tif"), "--json"]);
        Assert.True(inspect.ExitCode == 0, inspect.StandardError);
        var raster = JsonDocument.Parse(inspect.StandardOutput).RootElement;
        Assert.Equal(["width", "height", "bands", "dataType", "epsg", "geoTransform", "nodata", "stats"], raster.EnumerateObject().Select(p => p.Name));
        Assert.Equal(96, raster.GetProperty("width").GetInt32());
        Assert.Equal(3, raster.GetProperty("bands").GetInt32());
        Assert.Equal("Float32", raster.GetProperty("dataType").GetString());
        Assert.Equal(32620, raster.GetProperty("epsg").GetInt32());
        Assert.Equal(6, raster.GetProperty("geoTransform").GetArrayLength());
        Assert.Equal(-9999, raster.GetProperty("nodata").GetDouble());
        var stats = raster.GetProperty("stats");
        Assert.Equal(3, stats.GetArrayLength());
        Assert.Equal(["min", "max", "mean", "validCount"], stats[0].EnumerateObject().Select(p => p.Name));
        Assert.True(stats[0].GetProperty("validCount").GetInt64() > 0);

        var valid = await CliRunner.RunAsync(["survey", "validate", Path.Combine(site, "2017"), "--json"]);
        Assert.Equal(0, valid.ExitCode);
        var report = JsonDocument.Parse(valid.StandardOutput).RootElement;
        Assert.True(report.GetProperty("valid").GetBoolean());
        Assert.Equal(0, report.GetProperty("errors").GetArrayLength());

        var csv = directory.File("features.csv");
        var features = await CliRunner.RunAsync(["features", "--data", $"{Path.Combine(site, "2016")},{Path.Combine(site, "2017")}", "--out", csv, "--embedding-dim", "2", "--embedding-sigma", "1.5"]);
        Assert.True(features.ExitCode == 0, features.StandardError);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("backscatter_low,backscatter_mid,backscatter_high,depth,x,y,rff_sin_0,rff_cos_0,rff_sin_1,rff_cos_1,label", lines[0]);
        Assert.True(lines.Length > 100);
        Assert.All(lines.Skip(1), line => Assert.InRange(int.Parse(line[(line.LastIndexOf(',') + 1)..]), 1, 5));
    }

    [Fact]
    public async Task AnInvalidPackageExitsTwoWithItsErrors()
    {
        using var directory = new TemporaryDirectory("mlops-surveys-cli");
        var package = directory.File("2016");
        var synth = await CliRunner.RunAsync(["survey", "synth", "--out", directory.Path, "--years", "2016", "--size", "64"]);
        Assert.True(synth.ExitCode == 0, synth.StandardError);
        await File.AppendAllTextAsync(Path.Combine(package, SurveyPackage.BathymetryFile), "tampered");
        var result = await CliRunner.RunAsync(["survey", "validate", package, "--json"]);
        Assert.Equal(2, result.ExitCode);
        var report = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.False(report.GetProperty("valid").GetBoolean());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("bathymetry.tif", e.GetProperty("file").GetString()));
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.StartsWith("SHA-256 is ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("survey synth --out {dir} --years 2016,20x7 --size 64", "--years: \"20x7\" is not a year")]
    [InlineData("survey synth --out {dir} --years 2016 --size 8", "--size 8: must be between 16 and 32768")]
    [InlineData("survey inspect {dir}/missing.tif --json", "missing.tif: no such file.")]
    [InlineData("survey inspect {dir}/not.tif", "not a TIFF file")]
    [InlineData("features --data {dir}/nowhere --out {dir}/f.csv", "does not exist")]
    [InlineData("features --data {dir} --out {dir}/f.csv --embedding-dim 4 --embedding-sigma 0", "--embedding-sigma 0: must be a positive number.")]
    [InlineData("features --data {dir} --out {dir}/f.csv --terrain curvature", "unknown terrain feature \"curvature\"")]
    public async Task BadInputGetsAClearErrorAndNoStackTrace(string command, string expected)
    {
        using var directory = new TemporaryDirectory("mlops-surveys-cli");
        await File.WriteAllTextAsync(directory.File("not.tif"), "plain text");
        var result = await CliRunner.RunAsync(command.Replace("{dir}", directory.Path).Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
    }
}
