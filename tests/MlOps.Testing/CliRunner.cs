using System.Diagnostics;

namespace MlOps.Testing;

public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the built `mlops` command line as a real process, as a user or script would.</summary>
public static class CliRunner
{
    /// <summary>The CLI built in the same configuration as the running tests (artifacts/bin/MlOps.Cli/{config}/mlops.dll).</summary>
    public static string CliAssembly => RepositoryPaths.BuiltAssembly("MlOps.Cli", "mlops");

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(CliAssembly))
        {
            throw new FileNotFoundException($"The CLI is not built at {CliAssembly}; build the solution first.", CliAssembly);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MLOPS_HOME"] = RepositoryPaths.Root;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
