using System.Diagnostics;

namespace MlOps.Bench;

/// <summary>Timing helpers shared by the benchmarks: medians over repetitions, external peers timed as processes.</summary>
public static class Measure
{
    public static async Task<TimeSpan> MedianAsync(int repetitions, Func<Task> action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Runs a program to completion and returns its wall time; a non-zero exit fails the benchmark.</summary>
    public static Task<TimeSpan> ProcessAsync(string fileName, params string[] arguments) => ProcessAsync(fileName, null, arguments);

    public static async Task<TimeSpan> ProcessAsync(string fileName, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
        return elapsed;
    }
}
