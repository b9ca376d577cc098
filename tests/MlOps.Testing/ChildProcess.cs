using System.Diagnostics;

namespace MlOps.Testing;

/// <summary>
/// A program of the project running as its own process (a host, a test host), with its output
/// collected so a test can wait for a line it prints, and killable with SIGKILL.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly Lock gate = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Waiter)> awaited = [];

    private ChildProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data, "");
        process.ErrorDataReceived += (_, e) => Add(e.Data, "stderr: ");
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

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

    /// <summary>Starts <c>dotnet {assembly} {arguments}</c>; with <paramref name="readyLine"/>, waits until a line equal to it is printed.</summary>
    public static async Task<ChildProcess> StartAsync(
        string assembly,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? readyLine = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}");
        var child = new ChildProcess(process);
        var ready = readyLine is null ? null : child.WhenPrinted(readyLine);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (ready is not null)
        {
            await child.WaitAsync(ready, readyLine!);
        }
        return child;
    }

    /// <summary>Completes when the process prints a line equal to <paramref name="line"/> (or has already).</summary>
    public Task WhenPrinted(string line) => WhenPrinted(l => l.Trim() == line);

    /// <summary>Completes with the first line (already printed or still to come) that matches.</summary>
    public Task<string> WhenPrinted(Func<string, bool> matches)
    {
        lock (gate)
        {
            if (lines.FirstOrDefault(matches) is { } seen)
            {
                return Task.FromResult(seen);
            }
            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            awaited.Add((matches, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Waits for <paramref name="printed"/>; fails with the output so far if the process exits or time runs out first.</summary>
    public async Task WaitAsync(Task printed, string what, TimeSpan? timeout = null)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(printed, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (first != printed)
        {
            throw new InvalidOperationException(
                $"pid {process.Id} did not print '{what}' ({(first == exited ? $"it exited with {process.ExitCode}" : "timed out")}):\n{Output}");
        }
        await printed;
    }

    /// <summary>
    /// SIGKILL to the process alone, as when an OS or an operator kills a host: no shutdown code
    /// runs, and children it started in their own sessions (trial jobs) live on.
    /// </summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }
        await process.WaitForExitAsync();
    }

    /// <summary>Kills the process and everything it started, if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Add(string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            lines.Add(prefix + line);
            if (prefix.Length > 0)
            {
                return;
            }
            foreach (var entry in awaited.Where(a => a.Matches(line)).ToList())
            {
                awaited.Remove(entry);
                entry.Waiter.TrySetResult(line);
            }
        }
    }
}
