using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Storage.Configuration;

namespace MlOps.Storage.Local;

/// <summary>
/// Makes sure an Azurite blob service answers on the configured loopback port: reuses one that
/// already does, or starts the project's own (from node_modules) and waits until it is ready.
/// Disposing stops only what this launcher started, gracefully (SIGTERM) so Azurite saves its
/// metadata, then forcibly if it does not exit.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process? process;
    private readonly ILogger logger;

    private AzuriteLauncher(int port, Process? process, ILogger logger)
    {
        BlobPort = port;
        this.process = process;
        this.logger = logger;
    }

    public int BlobPort { get; }

    /// <summary>True when this launcher started Azurite (and will stop it); false when it reused a running one.</summary>
    public bool StartedHere => process is not null;

    public string ConnectionString => "UseDevelopmentStorage=true";

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{StorageConnectionString.DevelopmentAccountName}");

    public static async Task<AzuriteLauncher> EnsureRunningAsync(MlOpsPaths paths, AzuriteOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        switch (await ProbeAsync(options.BlobPort, cancellationToken).ConfigureAwait(false))
        {
            case ProbeResult.Azurite:
                logger.LogInformation("Using the Azurite blob service already listening on 127.0.0.1:{Port}", options.BlobPort);
                return new AzuriteLauncher(options.BlobPort, null, logger);
            case ProbeResult.SomethingElse:
                throw new InvalidOperationException(
                    $"Port {options.BlobPort} on 127.0.0.1 answers, but not as Azurite. Free the port or choose another with MlOps__Azurite__BlobPort.");
        }

        var script = Path.Combine(paths.NodeModules, "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException(
                $"Azurite is not installed at '{script}'. Run ./mlops once (it installs the npm tools) or 'npm ci' in '{paths.Root}'.", script);
        }
        var location = options.Location ?? Path.Combine(paths.StateDirectory, "azurite");
        Directory.CreateDirectory(location);

        var start = new ProcessStartInfo(options.NodeExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = location,
        };
        foreach (var argument in new[]
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new OutputTail();
        var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{options.NodeExecutable}' for Azurite.");
        child.OutputDataReceived += (_, e) => output.Add(e.Data);
        child.ErrorDataReceived += (_, e) => output.Add(e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(options.BlobPort, child, logger);
        try
        {
            await launcher.WaitUntilReadyAsync(options.StartTimeout, output, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        logger.LogInformation("Started Azurite (pid {Pid}) on 127.0.0.1:{Port} with data in {Location}", child.Id, options.BlobPort, location);
        return launcher;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, OutputTail output, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before it was ready on port {BlobPort}:{Environment.NewLine}{output}");
            }
            if (await ProbeAsync(BlobPort, cancellationToken).ConfigureAwait(false) == ProbeResult.Azurite)
            {
                return;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Azurite did not answer on port {BlobPort} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{output}");
            }
            // Polling the port is how readiness is observed; Azurite offers no other signal.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private enum ProbeResult { Nothing, Azurite, SomethingElse }

    private static async Task<ProbeResult> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri($"http://127.0.0.1:{port}/{StorageConnectionString.DevelopmentAccountName}?comp=list"), cancellationToken).ConfigureAwait(false);
            var server = response.Headers.Server.ToString();
            return server.Contains("Azurite", StringComparison.OrdinalIgnoreCase) ? ProbeResult.Azurite : ProbeResult.SomethingElse;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            return ProbeResult.Nothing;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Nothing;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }
        using (process)
        {
            if (!process.HasExited)
            {
                ProcessSignals.Terminate(process.Id);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    logger.LogWarning("Azurite (pid {Pid}) did not stop within 10 s of SIGTERM; killing it", process.Id);
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private sealed class OutputTail
    {
        private readonly Queue<string> lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (lines)
            {
                lines.Enqueue(line);
                if (lines.Count > 20)
                {
                    lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (lines)
            {
                return string.Join(Environment.NewLine, lines);
            }
        }
    }
}
