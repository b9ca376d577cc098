using System.Diagnostics;
using System.Text.Json;
using MlOps.Jobs;
using MlOps.Jobs.Local;
using MlOps.Jobs.TestJob;

// A stand-in for the trainer in the job runner tests. Two modes:
//   MlOps.Jobs.TestJob SPEC.json               behave as a trial job as the spec says
//   MlOps.Jobs.TestJob host STATE SLOTS ID=SPEC…   a host: start the jobs with a local runner,
//                                              print "started", then wait to be killed
if (args is ["host", var stateDirectory, var slots, .. var jobs])
{
    return await RunHostAsync(stateDirectory, int.Parse(slots, System.Globalization.CultureInfo.InvariantCulture), jobs);
}
if (args is not [var specPath])
{
    Console.Error.WriteLine("usage: MlOps.Jobs.TestJob SPEC.json | host STATE SLOTS ID=SPEC...");
    return 2;
}

var behaviour = JsonSerializer.Deserialize<TrialBehaviour>(File.ReadAllText(specPath), JsonSerializerOptions.Web)
    ?? throw new InvalidDataException($"{specPath}: empty spec");
var jobId = Environment.GetEnvironmentVariable(JobEnvironment.JobId) ?? throw new InvalidOperationException($"{JobEnvironment.JobId} is not set");
string Output(string suffix) => Path.Combine(behaviour.WorkDirectory, $"{jobId}.{suffix}");
void WriteAtomically(string path, string text)
{
    File.WriteAllText(path + ".tmp", text);
    File.Move(path + ".tmp", path, overwrite: true);
}

// Count the jobs running right now (including this one), as this job sees them on its way in.
var running = Directory.CreateDirectory(Path.Combine(behaviour.WorkDirectory, "running")).FullName;
File.WriteAllText(Path.Combine(running, jobId), "");
WriteAtomically(Output("seen"), Directory.GetFiles(running).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
File.AppendAllText(Output("starts"), $"{Environment.ProcessId}\n");
WriteAtomically(Output("env"), string.Concat(behaviour.ReportEnvironment.Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}\n")));
if (behaviour.SpawnChild)
{
    var child = Process.Start("sleep", "600");
    WriteAtomically(Output("child"), child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
for (var line = 1; line <= behaviour.StandardErrorLines; line++)
{
    Console.Error.WriteLine($"stderr line {line}");
}
Console.Error.Flush();
WriteAtomically(Output("pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

if (behaviour.WaitForRelease)
{
    // A job under test waits on a file the test creates; polling keeps this program trivial.
    while (!File.Exists(Output("release")))
    {
        Thread.Sleep(20);
    }
}
File.Delete(Path.Combine(running, jobId));
return behaviour.ExitCode;

static async Task<int> RunHostAsync(string stateDirectory, int slots, string[] jobs)
{
    var runner = new LocalProcessJobRunner(new LocalProcessJobRunnerOptions
    {
        StateDirectory = stateDirectory,
        Command = "dotnet",
        Arguments = [typeof(TrialBehaviour).Assembly.Location, LocalProcessJobRunnerOptions.SpecPlaceholder],
        Slots = slots,
        GpuSlots = 0,
    });
    foreach (var job in jobs)
    {
        var (id, spec) = (job[..job.IndexOf('=')], job[(job.IndexOf('=') + 1)..]);
        var status = await runner.StartAsync(new JobRequest(id, spec));
        Console.WriteLine($"{id} {status.State}");
    }
    Console.WriteLine("started");
    await Task.Delay(Timeout.Infinite);
    return 0;
}
