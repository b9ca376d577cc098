using System.Globalization;

namespace MlOps.Jobs.Tests;

public sealed class LocalJobSlotTests
{
    [Fact]
    public async Task Two_slots_never_run_more_than_two_of_four_jobs_at_once()
    {
        await using var harness = new JobHarness("slots", options => options.Slots = 2);
        string[] ids = ["s1", "s2", "s3", "s4"];
        var started = new List<JobStatus>();
        foreach (var id in ids)
        {
            started.Add(await harness.Runner.StartAsync(harness.Request(id, new TrialSpec { WaitForRelease = true }), harness.Timeout));
        }

        Assert.Equal([JobState.Running, JobState.Running, JobState.Pending, JobState.Pending], started.Select(s => s.State));
        // Every launched job holds on until released, so a runner that launched too many would show them here.
        Assert.Equal(["s1", "s2"], LiveProcesses.JobsWithLiveProcesses(ids).Order());

        await harness.WaitForPidAsync("s1");
        await harness.WaitForPidAsync("s2");
        // Finishing one job lets exactly one waiting job in.
        foreach (var (done, next) in new[] { ("s1", "s3"), ("s2", "s4") })
        {
            harness.Release(done);
            Assert.Equal(JobState.Succeeded, (await harness.Runner.WaitForCompletionAsync(done, harness.Timeout)).State);
            await harness.WaitForPidAsync(next);
            Assert.Equal(2, LiveProcesses.JobsWithLiveProcesses(ids).Count);
        }
        foreach (var id in new[] { "s3", "s4" })
        {
            harness.Release(id);
            Assert.Equal(JobState.Succeeded, (await harness.Runner.WaitForCompletionAsync(id, harness.Timeout)).State);
        }

        // Each job counted the jobs running as it came in (itself included): never more than two.
        var seen = ids.Select(id => int.Parse(File.ReadAllText(harness.OutputPath(id, "seen")), CultureInfo.InvariantCulture)).ToArray();
        Assert.All(seen, count => Assert.InRange(count, 1, 2));
        Assert.All(ids, id => Assert.Equal(1, harness.StartCount(id)));
    }

    [Fact]
    public async Task With_two_GPUs_listed_by_nvidia_smi_concurrent_GPU_jobs_get_distinct_devices()
    {
        var fakeBin = FakeNvidiaSmi.Create("GPU 0: NVIDIA Fake A100 (UUID: GPU-0aaa)\nGPU 1: NVIDIA Fake A100 (UUID: GPU-1bbb)\n");
        await using var harness = new JobHarness("gpus", options =>
        {
            options.Slots = 1;
            options.GpuSlots = null;
            options.Environment["PATH"] = $"{fakeBin}:{Environment.GetEnvironmentVariable("PATH")}";
        });
        var capacity = await harness.Runner.GetCapacityAsync();
        Assert.Equal((1, 2), (capacity.CpuSlots, capacity.GpuSlots));
        Assert.Equal([0, 1], capacity.GpuDevices);
        var spec = new TrialSpec { WaitForRelease = true, ReportEnvironment = ["CUDA_VISIBLE_DEVICES"] };

        var g1 = await harness.Runner.StartAsync(harness.Request("g1", spec, gpu: true), harness.Timeout);
        var g2 = await harness.Runner.StartAsync(harness.Request("g2", spec, gpu: true), harness.Timeout);
        var g3 = await harness.Runner.StartAsync(harness.Request("g3", spec, gpu: true), harness.Timeout);
        var cpu = await harness.Runner.StartAsync(harness.Request("c1", spec with { WaitForRelease = false }), harness.Timeout);
        await harness.WaitForPidAsync("g1");
        await harness.WaitForPidAsync("g2");

        Assert.Equal((JobState.Running, JobState.Running, JobState.Pending), (g1.State, g2.State, g3.State));
        Assert.Equal(("gpu 0", "gpu 1"), (g1.Placement, g2.Placement));
        Assert.Equal(["0", "1"], new[] { "g1", "g2" }.Select(id => harness.ReportedEnvironment(id)["CUDA_VISIBLE_DEVICES"]).Order());
        Assert.Equal("cpu", cpu.Placement);
        Assert.Equal(JobState.Succeeded, (await harness.Runner.WaitForCompletionAsync("c1", harness.Timeout)).State);
        Assert.Equal("", harness.ReportedEnvironment("c1")["CUDA_VISIBLE_DEVICES"]);

        // The device g2 frees goes to g3, while g1 still holds the other one.
        harness.Release("g2");
        await harness.Runner.WaitForCompletionAsync("g2", harness.Timeout);
        await harness.WaitForPidAsync("g3");
        Assert.Equal(harness.ReportedEnvironment("g2")["CUDA_VISIBLE_DEVICES"], harness.ReportedEnvironment("g3")["CUDA_VISIBLE_DEVICES"]);
        Assert.Equal(g2.Placement, (await harness.Runner.GetStatusAsync("g3"))!.Placement);
        harness.Release("g1");
        harness.Release("g3");
        Assert.Equal(JobState.Succeeded, (await harness.Runner.WaitForCompletionAsync("g1", harness.Timeout)).State);
        Assert.Equal(JobState.Succeeded, (await harness.Runner.WaitForCompletionAsync("g3", harness.Timeout)).State);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("failing")]
    [InlineData("no-devices")]
    public async Task Without_a_working_nvidia_smi_listing_GPUs_every_job_runs_on_CPU_slots(string kind)
    {
        var path = Environment.GetEnvironmentVariable("PATH")!;
        path = kind switch
        {
            "absent" => string.Join(':', path.Split(':').Where(dir => !File.Exists(Path.Combine(dir, "nvidia-smi")))),
            "failing" => $"{FakeNvidiaSmi.Create("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", exitCode: 9)}:{path}",
            _ => $"{FakeNvidiaSmi.Create("No devices found.\n")}:{path}",
        };
        await using var harness = new JobHarness($"nogpu-{kind}", options =>
        {
            options.Slots = 3;
            options.GpuSlots = null;
            options.Environment["PATH"] = path;
        });

        var capacity = await harness.Runner.GetCapacityAsync();

        Assert.Equal((3, 0), (capacity.CpuSlots, capacity.GpuSlots));
        Assert.Empty(capacity.GpuDevices);
    }
}

internal static class FakeNvidiaSmi
{
    /// <summary>A folder holding an 'nvidia-smi' script that answers '-L' with <paramref name="listing"/>.</summary>
    public static string Create(string listing, int exitCode = 0)
    {
        var folder = MlOps.Testing.RepositoryPaths.NewWorkDirectory("fake-nvidia-smi");
        var script = Path.Combine(folder, "nvidia-smi");
        File.WriteAllText(script, $"#!/bin/sh\n[ \"$1\" = \"-L\" ] || exit 64\ncat <<'LISTING'\n{listing}LISTING\nexit {exitCode}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }
}
