using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Tests.Packages;

public sealed class SurveyManifestTests
{
    private const string Sha = "2c31999f0b1dcc102f5a42f9cb5ef2c1b5b58d1cc2baa15db2a90901110e9c07";

    private static readonly string Valid = $$"""
        {
          "site": "bedford-basin",
          "year": 2017,
          "crs": "EPSG:32620",
          "acquisition": { "start": "2017-06-12", "end": "2017-06-20" },
          "files": [
            { "name": "backscatter.tif", "sha256": "{{Sha}}", "size": 724962 },
            { "name": "bathymetry.tif", "sha256": "{{Sha}}", "size": 1024 }
          ]
        }
        """;

    [Fact]
    public void AValidManifestParsesAndRoundTrips()
    {
        var manifest = SurveyManifest.Parse(Valid);
        Assert.Equal("bedford-basin", manifest.Site);
        Assert.Equal(2017, manifest.Year);
        Assert.Equal(32620, manifest.Epsg);
        Assert.Equal(new AcquisitionPeriod(new DateOnly(2017, 6, 12), new DateOnly(2017, 6, 20)), manifest.Acquisition);
        Assert.Equal(new ManifestFile("backscatter.tif", Sha, 724962), manifest.Files[0]);

        var again = SurveyManifest.Parse(manifest.ToJson());
        Assert.Equal(manifest.Site, again.Site);
        Assert.Equal(manifest.Acquisition, again.Acquisition);
        Assert.Equal(manifest.Files, again.Files);
        Assert.Contains("\"sha256\"", manifest.ToJson());
    }

    [Theory]
    [InlineData("\"year\": 2017,", "\"year\": \"2017\",", "year: must be a whole number, not a string.")]
    [InlineData("\"year\": 2017,", "\"year\": 2017.5,", "year: must be a whole number, not 2017.5.")]
    [InlineData("\"year\": 2017,", "", "year: missing.")]
    [InlineData("\"site\": \"bedford-basin\",", "\"Site\": \"bedford-basin\",", "Site: unknown field; did you mean \"site\"?")]
    [InlineData("\"site\": \"bedford-basin\",", "\"site\": \"../etc\",", "site: \"../etc\" is not a valid site name")]
    [InlineData("\"crs\": \"EPSG:32620\",", "\"crs\": \"UTM 20N\",", "crs: \"UTM 20N\" is not an EPSG code")]
    [InlineData("\"start\": \"2017-06-12\"", "\"start\": \"12/06/2017\"", "acquisition.start: \"12/06/2017\" is not a date written as yyyy-MM-dd.")]
    [InlineData("\"end\": \"2017-06-20\"", "\"end\": \"2017-06-01\"", "acquisition: end 2017-06-01 is before start 2017-06-12.")]
    [InlineData("\"year\": 2017,", "\"year\": 2018,", "acquisition: the survey year 2018 is outside the acquisition dates")]
    [InlineData("\"size\": 724962", "\"size\": -1", "files[0].size: -1 is outside [0,")]
    [InlineData("\"name\": \"bathymetry.tif\"", "\"name\": \"backscatter.tif\"", "files[1].name: \"backscatter.tif\" is listed more than once.")]
    [InlineData("\"name\": \"bathymetry.tif\"", "\"name\": \"../bathymetry.tif\"", "files[1].name: \"../bathymetry.tif\" must be a plain file name")]
    [InlineData("\"size\": 1024 }", "\"size\": 1024, \"md5\": \"x\" }", "files[1].md5: unknown field")]
    [InlineData("\"crs\": \"EPSG:32620\",", "\"crs\": \"EPSG:32620\", \"crs\": \"EPSG:32620\",", "crs: appears more than once.")]
    public void EachViolationIsNamedByItsField(string find, string replace, string expected)
    {
        var json = Valid.Replace(find, replace);
        Assert.NotEqual(Valid, json);
        Assert.False(SurveyManifest.TryParse(json, out var manifest, out var errors));
        Assert.Null(manifest);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUppercaseChecksumIsRejected()
    {
        Assert.False(SurveyManifest.TryParse(Valid.Replace(Sha, Sha.ToUpperInvariant()), out _, out var errors));
        Assert.Contains(errors, e => e.StartsWith("files[0].sha256: must be 64 lowercase hexadecimal characters", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidJsonReportsLineAndColumn()
    {
        var json = Valid.Replace("\"year\": 2017,", "\"year\": 2017,,");
        Assert.False(SurveyManifest.TryParse(json, out _, out var errors));
        var error = Assert.Single(errors);
        Assert.StartsWith("line 3, column ", error);
        Assert.Contains("not valid JSON", error);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var json = Valid.Replace("\"year\": 2017,", "").Replace("EPSG:32620", "32620").Replace("\"size\": 1024", "\"size\": \"big\"");
        Assert.False(SurveyManifest.TryParse(json, out _, out var errors));
        Assert.Equal(3, errors.Count);
        var exception = Assert.Throws<SurveyPackageException>(() => SurveyManifest.Parse(json));
        Assert.All(exception.Errors, e => Assert.Equal("manifest.json", e.File));
    }
}
