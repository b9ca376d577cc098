using System.Globalization;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// Runs sweeps whose trials are the scripted test trainer (tests/MlOps.Functions.TestTrainer):
/// real jobs, real processes, real blobs, with learning curves the test chooses.
/// </summary>
internal sealed class SweepHarness
{
    public SweepHarness(string name)
    {
        State = RepositoryPaths.NewWorkDirectory($"{name}-state");
        Control = RepositoryPaths.NewWorkDirectory($"{name}-control");
    }

    public string State { get; }

    public string Control { get; }

    public static string TrainerAssembly => RepositoryPaths.BuiltAssembly("MlOps.Functions.TestTrainer", "MlOps.Functions.TestTrainer");

    /// <summary>Host settings that make every trial job the scripted trainer.</summary>
    public Dictionary<string, string> Settings(int slots = 2) => new()
    {
        ["MlOps:Jobs:Command"] = "dotnet",
        ["MlOps:Jobs:Arguments:0"] = TrainerAssembly,
        ["MlOps:Jobs:Arguments:1"] = "{spec}",
        ["MlOps:Jobs:Slots"] = slots.ToString(CultureInfo.InvariantCulture),
        ["MlOps:Jobs:Environment:MLOPS_TEST_CONTROL"] = Control,
        ["MlOps:Pipeline:TrialPollInterval"] = "00:00:00.100",
    };

    /// <summary>A grid sweep over the given trial behaviours, one trial each, in order.</summary>
    public static string Spec(int parallel, int maxFailed, string earlyStopping, params string[] behaviours) => $$"""
        algorithm: grid
        objective: { metric: accuracy, direction: maximize }
        limits: { maxTrials: {{behaviours.Length}}, parallelTrials: {{parallel}}, maxFailedTrials: {{maxFailed}}, trialTimeout: 5m }
        earlyStopping: {{earlyStopping}}
        parameters:
          - { name: model, type: categorical, values: [rf] }
          - { name: behaviour, type: categorical, values: [{{string.Join(", ", behaviours.Select(b => $"\"{b}\""))}}] }
        """;

    public static SweepRequest Request(string sweepId, string spec) => new(sweepId, "scripted", [2016], spec, 0, 1, "trials");

    public int Starts(string trialId)
    {
        var file = Path.Combine(Control, $"{trialId}.starts");
        return File.Exists(file) ? File.ReadAllLines(file).Length : 0;
    }

    public async Task<int> WaitForPidAsync(string trialId)
    {
        var file = Path.Combine(Control, $"{trialId}.pid");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(file) || File.ReadAllText(file).Length == 0)
        {
            await Task.Delay(20, deadline.Token);
        }
        return int.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
    }

    public void Release(string trialId) => File.WriteAllText(Path.Combine(Control, $"{trialId}.release"), "go");

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].StartsWith('Z');

    public static async Task<SweepResult> RunAsync(DurableTaskClient durable, SweepRequest request)
    {
        await durable.ScheduleNewOrchestrationInstanceAsync(SweepOrchestration.Name, request, new StartOrchestrationOptions(request.SweepId));
        var done = await durable.WaitForInstanceCompletionAsync(request.SweepId, getInputsAndOutputs: true);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<SweepResult>()!;
    }
}
