using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>The durable test host (tests/MlOps.Durable.TestHost) as its own process, killable with SIGKILL.</summary>
internal static class HostProcess
{
    public static string ProgramPath => RepositoryPaths.BuiltAssembly("MlOps.Durable.TestHost", "MlOps.Durable.TestHost");

    public static Task<ChildProcess> StartAsync(params string[] arguments) =>
        ChildProcess.StartAsync(ProgramPath, arguments, readyLine: "ready");
}
