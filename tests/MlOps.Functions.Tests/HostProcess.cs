using System.Globalization;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// The published functions host as its own process (for tests that kill it with SIGKILL),
/// against the test's Azurite, with its own state folder and a short durable lease so the next
/// host takes over the killed one's work quickly.
/// </summary>
internal sealed record HostProcess(ChildProcess Process, string BaseAddress) : IAsyncDisposable
{
    public static async Task<HostProcess> StartAsync(AzuriteFixture azurite, string state, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(azurite.Environment)
        {
            ["MLOPS_HOME"] = RepositoryPaths.Root,
            [MlOpsPaths.StateVariable] = state,
            ["MlOps__LocalEventGrid__PollInterval"] = "00:00:00.100",
            ["MlOps__LocalEventGrid__FirstRetryDelay"] = "00:00:00.100",
            ["AzureFunctionsJobHost__extensions__durableTask__leaseDuration"] = "00:00:04",
            ["MlOps__Pipeline__SweepSpec"] = TestHost.SmallSweep,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var process = await ChildProcess.StartAsync(RepositoryPaths.BuiltAssembly("MlOps.Functions", "MlOps.Functions"), ["--urls", $"http://127.0.0.1:{port}"], environment);
        await process.WaitAsync(process.WhenPrinted(l => l.Contains("Application started", StringComparison.Ordinal)), "Application started");
        return new HostProcess(process, $"http://127.0.0.1:{port}");
    }

    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
