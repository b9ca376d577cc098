using MlOps.Testing;

namespace MlOps.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task An_unknown_command_exits_non_zero_and_prints_the_help()
    {
        var result = await CliRunner.RunAsync(["frobnicate"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("demo", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_zero()
    {
        var result = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("demo", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("test", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("bench", result.StandardOutput, StringComparison.Ordinal);
    }
}
