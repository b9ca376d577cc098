using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace MlOps.Jobs.Local;

/// <summary>
/// Finds NVIDIA GPUs by running <c>nvidia-smi -L</c>, which prints one line per device such as
/// <c>GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-…)</c>. No command, a failing command or no such
/// lines all mean no GPUs.
/// </summary>
internal static partial class GpuDetector
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<int>> DetectAsync(string command, IReadOnlyDictionary<string, string?> environment, ILogger logger, CancellationToken cancellationToken)
    {
        var searchPath = environment.TryGetValue("PATH", out var path) ? path : null;
        var executable = ExecutableSearch.Find(command, searchPath);
        if (executable is null)
        {
            logger.LogInformation("No '{Command}' on the PATH: jobs run on CPU slots", command);
            return [];
        }
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-L");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            logger.LogWarning("'{Command} -L' did not answer within {Seconds} s: jobs run on CPU slots", executable, Patience.TotalSeconds);
            return [];
        }
        if (process.ExitCode != 0)
        {
            logger.LogWarning("'{Command} -L' exited with code {ExitCode} ({Error}): jobs run on CPU slots", executable, process.ExitCode, (await errors.ConfigureAwait(false)).Trim());
            return [];
        }
        var devices = Parse(await output.ConfigureAwait(false));
        logger.LogInformation("Found {Count} GPU(s) with '{Command} -L': {Devices}", devices.Count, executable, string.Join(", ", devices));
        return devices;
    }

    public static IReadOnlyList<int> Parse(string listing) =>
        DeviceLine().Matches(listing)
            .Select(match => int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToArray();

    [GeneratedRegex(@"^GPU (\d+):", RegexOptions.Multiline)]
    private static partial Regex DeviceLine();
}
