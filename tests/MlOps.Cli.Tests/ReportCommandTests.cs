using MlOps.Testing;

namespace MlOps.Cli.Tests;

public sealed class ReportCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_unknown_run_is_named_and_no_file_is_written()
    {
        var state = RepositoryPaths.NewWorkDirectory("report-state");
        var output = Path.Combine(state, "out");
        var environment = new Dictionary<string, string>(azurite.Environment) { [MlOps.Storage.Configuration.MlOpsPaths.StateVariable] = state };

        var result = await CliRunner.RunAsync(["report", "retrain-nowhere-2016-0123456789abcdef", "--out", output], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: there is no retrain run 'retrain-nowhere-2016-0123456789abcdef'.", result.StandardError.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Bad_options_get_one_clear_line()
    {
        var url = await CliRunner.RunAsync(["report", "x", "--out", "unused", "--url", "not a url"]);
        Assert.Equal(2, url.ExitCode);
        Assert.Equal("error: --url 'not a url' is not an http(s) address.", url.StandardError.Trim());

        var bench = await CliRunner.RunAsync(["bench", "dashboard", "--runs", "2"]);
        Assert.Equal(2, bench.ExitCode);
        Assert.Contains("--runs must be at least 8", bench.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", url.StandardError + bench.StandardError, StringComparison.Ordinal);
    }
}
