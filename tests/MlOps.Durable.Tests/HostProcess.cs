using System.Diagnostics;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>One durable host running as its own process (tests/MlOps.Durable.TestHost), killable with SIGKILL.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly Lock gate = new();
    private readonly Dictionary<string, TaskCompletionSource> awaited = [];

    private HostProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (gate)
            {
                lines.Add(e.Data);
                if (awaited.Remove(e.Data.Trim(), out var waiter))
                {
                    waiter.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    lines.Add("stderr: " + e.Data);
                }
            }
        };
    }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public static string ProgramPath => Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "MlOps.Durable.TestHost", "release", "MlOps.Durable.TestHost.dll");

    public static async Task<HostProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the test host");
        var host = new HostProcess(process);
        var ready = host.WhenPrinted("ready");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitAsync(ready, "ready");
        return host;
    }

    /// <summary>Completes when the host prints <paramref name="line"/> (or has already).</summary>
    public Task WhenPrinted(string line)
    {
        lock (gate)
        {
            if (lines.Any(l => l.Trim() == line))
            {
                return Task.CompletedTask;
            }
            if (!awaited.TryGetValue(line, out var waiter))
            {
                awaited[line] = waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return waiter.Task;
        }
    }

    public async Task WaitAsync(Task printed, string what)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(printed, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != printed)
        {
            throw new InvalidOperationException($"The host (pid {process.Id}) did not print '{what}' ({(first == exited ? $"it exited with {process.ExitCode}" : "timed out")}):\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, leases are simply abandoned.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
