using System.CommandLine;
using System.Diagnostics;

namespace MlOps.Cli.Commands;

/// <summary>`mlops test`: installs what the tests need, runs them all, prints "N passed, N failed".</summary>
public static class TestCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var extra = new Argument<string[]>("dotnet-test-arguments")
        {
            Description = "Extra arguments for dotnet test, e.g. --filter FullyQualifiedName~Storage",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("test", "Run the test suite (installs the Debian packages and npm tools it needs).");
        command.Arguments.Add(extra);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = environment.Paths.Root };
            start.ArgumentList.Add(Path.Combine(environment.Paths.Root, "eng", "test.sh"));
            foreach (var token in parse.GetValue(extra) ?? [])
            {
                start.ArgumentList.Add(token);
            }
            foreach (var token in parse.UnmatchedTokens)
            {
                start.ArgumentList.Add(token);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        });
        return command;
    }
}
