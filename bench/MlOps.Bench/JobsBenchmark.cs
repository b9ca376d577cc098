using System.Diagnostics;
using MlOps.Jobs;
using MlOps.Jobs.Local;

namespace MlOps.Bench;

public sealed record JobsBenchmarkCase(
    double JobSeconds,
    double RunnerSeconds,
    double PeerSeconds,
    double RunnerToPeerRatio,
    double ExtraMillisecondsPerJob);

public sealed record JobsBenchmarkResult(int Jobs, int Slots, IReadOnlyList<JobsBenchmarkCase> Cases, string Peer);

/// <summary>
/// The local job runner's cost: N jobs (`sleep S`) through <see cref="LocalProcessJobRunner"/>
/// with a given number of slots, next to the same N commands started directly with
/// Process.Start, at most as many at once as there are slots. With S = 0 the difference is
/// the runner's own overhead per job (process group, wrapper shell, records); with S &gt; 0 it
/// shows how well slots are kept busy.
/// </summary>
public static class JobsBenchmark
{
    public static async Task<JobsBenchmarkResult> RunAsync(string workDirectory, int jobs, int slots, IReadOnlyList<double> jobSeconds, int repetitions, CancellationToken cancellationToken)
    {
        var cases = new List<JobsBenchmarkCase>();
        await RunThroughRunnerAsync(workDirectory, 2, 1, "0", cancellationToken); // warm-up: JIT, first process start
        foreach (var seconds in jobSeconds)
        {
            var argument = seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            var peer = await Measure.MedianAsync(repetitions, () => RunDirectAsync(jobs, slots, argument, cancellationToken));
            var runnerTimes = new List<TimeSpan>();
            for (var i = 0; i < repetitions; i++)
            {
                runnerTimes.Add(await RunThroughRunnerAsync(workDirectory, jobs, slots, argument, cancellationToken));
            }
            var runner = runnerTimes.Order().ElementAt(runnerTimes.Count / 2);
            cases.Add(new JobsBenchmarkCase(
                seconds,
                Math.Round(runner.TotalSeconds, 3),
                Math.Round(peer.TotalSeconds, 3),
                Math.Round(runner / peer, 3),
                Math.Round((runner - peer).TotalMilliseconds / jobs, 1)));
        }
        return new JobsBenchmarkResult(jobs, slots, cases, "Process.Start of the same command, as many at once as there are slots");
    }

    /// <summary>Time from the first start to the last completion; the runner is set up (GPU detection, records folder) beforehand.</summary>
    private static async Task<TimeSpan> RunThroughRunnerAsync(string workDirectory, int jobs, int slots, string seconds, CancellationToken cancellationToken)
    {
        var state = Path.Combine(workDirectory, $"jobs-{Guid.NewGuid():N}");
        try
        {
            await using var runner = new LocalProcessJobRunner(new LocalProcessJobRunnerOptions
            {
                StateDirectory = state,
                Command = "sleep",
                Arguments = [seconds],
                Slots = slots,
                GpuSlots = 0,
            });
            await runner.GetCapacityAsync(cancellationToken);
            var ids = Enumerable.Range(1, jobs).Select(i => $"bench-{i}").ToArray();
            var watch = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                await runner.StartAsync(new JobRequest(id, "none"), cancellationToken);
            }
            foreach (var id in ids)
            {
                var status = await runner.WaitForCompletionAsync(id, cancellationToken);
                if (status.State != JobState.Succeeded)
                {
                    throw new InvalidOperationException($"Benchmark job {status}");
                }
            }
            return watch.Elapsed;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task RunDirectAsync(int jobs, int slots, string seconds, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(slots);
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                using var process = Process.Start("sleep", seconds);
                await process.WaitForExitAsync(cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
