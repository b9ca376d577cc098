using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Durable;
using MlOps.Durable.Stores;
using MlOps.Functions;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Metrics;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Bench.Dashboard;

/// <summary>How much history to seed: a year of retrain runs across a few sites.</summary>
public sealed record DashboardHistory(int Runs = 1020, int TrialsPerSweep = 30, int Steps = 20)
{
    public static IReadOnlyList<string> Sites { get; } = ["bedford", "halifax", "mahone", "sable"];

    public static IReadOnlyList<int> Years { get; } = [2016, 2017, 2018];
}

/// <summary>What was seeded, for the benchmark's report.</summary>
public sealed record SeededHistory(int RetrainRuns, int Sweeps, int Trials, int Versions, int RunningRuns, string SampleSite, string SampleRun, string SampleSweep, string RunningSweep, int SampleVersion);

/// <summary>
/// Writes a year of retrain history straight into the durable store and blob storage, the way
/// the pipeline leaves it but without running it: each retrain instance and its sweep are
/// created, claimed and committed through the store's own API with the history, custom status
/// and output the orchestrations write (every trial's RunTrial call and outcome); each run's
/// drift and evaluation reports go to runs/; each finished run registers a version with a
/// model × year card; each site's rollout state gets a history of weights and gate results.
/// </summary>
public sealed class DashboardHistorySeeder(IOrchestrationStore store, ModelRegistryClient registry, RunReports reports, byte[] model, DashboardHistory history)
{
    private static readonly DateTimeOffset YearStart = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Spec = File.Exists(DefaultSpecPath) ? File.ReadAllText(DefaultSpecPath) : "";

    private static string DefaultSpecPath => Path.Combine(MlOps.Storage.Configuration.MlOpsPaths.Discover().Root, "sweeps", "default.yaml");

    private readonly SemaphoreSlim storeGate = new(1, 1);
    private int trialRecords;

    public async Task<SeededHistory> SeedAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var spec = SweepSpecParser.Parse(Spec, "sweeps/default.yaml");
        var random = new Random(2016);
        var plans = new List<RunPlan>();
        for (var i = 0; i < history.Runs; i++)
        {
            var site = DashboardHistory.Sites[i % DashboardHistory.Sites.Count];
            var createdAt = YearStart + TimeSpan.FromMinutes(i * (365.0 * 24 * 60 / history.Runs));
            var kind = i >= history.Runs - 4 ? RunKind.Running : i % 50 == 7 ? RunKind.Failed : i % 100 == 13 ? RunKind.Quarantined : RunKind.Done;
            plans.Add(new RunPlan(RetrainInstanceIds.ForSchedule(site, createdAt), site, DashboardHistory.Years[i / DashboardHistory.Sites.Count % DashboardHistory.Years.Count], createdAt, kind, random.Next()));
        }

        // Sites in parallel (each site's versions in order, as its runs registered them).
        var perSite = await Task.WhenAll(DashboardHistory.Sites.Select(site => Task.Run(async () =>
        {
            var registered = 0;
            int? champion = null;
            foreach (var plan in plans.Where(p => p.Site == site))
            {
                var version = await SeedRunAsync(plan, spec, champion, cancellationToken);
                if (version is { } v)
                {
                    registered++;
                    champion ??= v;
                }
            }
            await SeedRolloutAsync(site, champion, cancellationToken);
            return registered;
        }, cancellationToken)));
        var versions = perSite.Sum();
        var sample = plans.Last(p => p.Kind == RunKind.Done);
        var running = plans.Last(p => p.Kind == RunKind.Running);
        var quarantined = plans.Count(p => p.Kind == RunKind.Quarantined);
        return new SeededHistory(plans.Count, plans.Count - quarantined, trialRecords, versions,
            plans.Count(p => p.Kind == RunKind.Running), sample.Site, sample.InstanceId, sample.InstanceId + "-sweep", running.InstanceId + "-sweep",
            (await registry.GetVersionNumbersAsync(sample.Site, cancellationToken))[^1]);
    }

    private async Task<int?> SeedRunAsync(RunPlan plan, SweepSpec spec, int? champion, CancellationToken cancellationToken)
    {
        var random = new Random(plan.Seed);
        var years = DashboardHistory.Years.Where(y => y <= plan.Year).ToList();
        var request = new RetrainRequest(plan.Site, plan.Year, $"\"0x{plan.Seed:X8}\"", null, null, "schedule");
        var events = new List<HistoryEvent>();
        var clock = plan.CreatedAt.UtcDateTime;
        var task = 0;
        void Add(HistoryEventType type, string? name = null, object? input = null, object? result = null, string? instance = null, TaskFailureDetails? failure = null) =>
            events.Add(new HistoryEvent
            {
                EventType = type,
                Timestamp = clock = clock.AddSeconds(1 + random.NextDouble()),
                TaskId = type is HistoryEventType.OrchestratorStarted or HistoryEventType.ExecutionStarted or HistoryEventType.ExecutionCompleted ? null : task,
                Name = name,
                Input = input is null ? null : DurableSerializer.Serialize(input),
                Result = result is null ? null : DurableSerializer.Serialize(result),
                InstanceId = instance,
                Failure = failure,
            });
        void Call(string activity, object input, object? result)
        {
            Add(HistoryEventType.TaskScheduled, activity, input);
            Add(HistoryEventType.TaskCompleted, result: result);
            task++;
        }

        Add(HistoryEventType.OrchestratorStarted);
        Add(HistoryEventType.ExecutionStarted, RetrainSurveyOrchestration.Name, request);
        if (plan.Kind == RunKind.Quarantined)
        {
            var errors = new List<MlOps.Surveys.Packages.SurveyValidationError> { new("bathymetry.tif", "is 512×512 pixels but backscatter.tif is 1024×1024.") };
            Call(ValidateSurveyActivity.Name, new SurveyLocation(plan.Site, plan.Year), new SurveyValidationResult(false, errors, request.ManifestETag, $"quarantine/{plan.Site}/{plan.Year}/"));
            var quarantined = new RetrainProgress("Quarantined", plan.Site, plan.Year, Reason: $"survey {plan.Site}/{plan.Year} is invalid (1 problem(s), first: {errors[0]})");
            Add(HistoryEventType.ExecutionCompleted, result: new RetrainResult(plan.Site, "quarantined", errors));
            await CommitAsync(new NewOrchestrationInstance(plan.InstanceId, RetrainSurveyOrchestration.Name, "e1", DurableSerializer.Serialize(request), null, plan.CreatedAt.UtcDateTime),
                events, OrchestrationRuntimeStatus.Completed, new RetrainResult(plan.Site, "quarantined", errors), quarantined, null, cancellationToken);
            return null;
        }
        Call(ValidateSurveyActivity.Name, new SurveyLocation(plan.Site, plan.Year), new SurveyValidationResult(true, [], request.ManifestETag, null));
        Call(ListSurveyYearsActivity.Name, plan.Site, DashboardHistory.Years);
        var drift = Drift(plan, years, random);
        if (years.Count > 1)
        {
            Call(DriftReportActivity.Name, new DriftRequest(plan.InstanceId, plan.Site, plan.Year, years[..^1]), drift);
            await reports.WriteAsync(plan.InstanceId, "drift.json", drift, cancellationToken);
        }
        Call(GetPipelineSettingsActivity.Name, "", new PipelineSettings(Spec, 60_000, 2016, "trials"));

        var sweepId = $"{plan.InstanceId}-sweep";
        var sweepRequest = new SweepRequest(sweepId, plan.Site, years, Spec, 60_000, 2016, "trials");
        var trials = Trials(plan, sweepId, random);
        var running = plan.Kind == RunKind.Running;
        var best = trials.Where(t => t.Status == TrialStatus.Succeeded).MaxBy(t => t.Objective);
        var failedSweep = plan.Kind == RunKind.Failed;
        var sweepStatus = failedSweep ? "Failed" : best?.Objective >= 0.99 ? "GoalReached" : "Completed";
        var sweepReason = failedSweep ? "4 trials failed, more than maxFailedTrials (3); last: exit code 137 (killed)" : null;
        var finished = running ? trials.Take(trials.Count / 3).ToList() : trials;
        var progress = new SweepProgress(running ? "Sweep" : sweepStatus, sweepId, spec.MaxTrials,
            finished.Count(t => t.Status == TrialStatus.Succeeded), running ? spec.ParallelTrials : 0,
            finished.Count(t => t.Status is TrialStatus.Failed or TrialStatus.TimedOut), finished.Count(t => t.Status == TrialStatus.EarlyStopped),
            best?.TrialId, best?.Objective, best?.Parameters, sweepReason,
            finished.Select(t => new TrialSummary(t.TrialId, t.Status, t.Objective, t.Parameters["model"], t.Seconds, t.Message)).ToList());
        var sweepResult = new SweepResult(sweepId, sweepStatus, sweepReason, trials, best, spec.MaxTrials);
        await SeedSweepAsync(plan, sweepRequest, spec, trials, running, progress, sweepResult, cancellationToken);

        Add(HistoryEventType.SubOrchestrationInstanceCreated, SweepOrchestration.Name, sweepRequest, instance: sweepId);
        var status = new RetrainProgress("Sweep", plan.Site, plan.Year, years, sweepId, progress, drift.FlaggedFeatures);
        if (running)
        {
            await CommitAsync(new NewOrchestrationInstance(plan.InstanceId, RetrainSurveyOrchestration.Name, "e1", DurableSerializer.Serialize(request), null, plan.CreatedAt.UtcDateTime),
                events, OrchestrationRuntimeStatus.Running, null, status, null, cancellationToken);
            return null;
        }
        Add(HistoryEventType.SubOrchestrationInstanceCompleted, result: sweepResult);
        task++;
        if (failedSweep)
        {
            var reason = $"Sweep: the sweep failed: {sweepReason}";
            var failure = new TaskFailureDetails(typeof(RetrainFailedException).FullName!, reason);
            Add(HistoryEventType.ExecutionCompleted, failure: failure);
            await CommitAsync(new NewOrchestrationInstance(plan.InstanceId, RetrainSurveyOrchestration.Name, "e1", DurableSerializer.Serialize(request), null, plan.CreatedAt.UtcDateTime),
                events, OrchestrationRuntimeStatus.Failed, null, status with { Step = "Failed", Reason = reason }, failure, cancellationToken);
            return null;
        }

        var evaluation = Evaluation(plan, years, champion, random);
        await reports.WriteAsync(plan.InstanceId, "evaluation.json", evaluation, cancellationToken);
        Call(RunTrialActivity.Name, "final", trials[0]);
        Call(GetChampionActivity.Name, plan.Site, champion);
        Call(EvaluateActivity.Name, new EvaluateRequest(plan.InstanceId, plan.Site, years, "trials", $"{plan.InstanceId}/final/model.onnx", champion), evaluation);
        var card = await registry.RegisterAsync(plan.Site, Registration(plan, years, evaluation, best!, sweepId, champion), BinaryData.FromBytes(model), cancellationToken);
        await registry.SetAliasAsync(plan.Site, champion is null ? ModelAlias.Champion : ModelAlias.Challenger, card.Version, cancellationToken);
        var accuracy = card.GetMetric("accuracy") ?? 0;
        Call(RegisterModelActivity.Name, plan.InstanceId, new RegisteredModel(plan.Site, card.Version, champion is null, accuracy, card.GetMetric("kappa") ?? 0));
        var output = new RetrainResult(plan.Site, champion is null ? "registered as champion" : "registered as challenger", [], card.Version, accuracy, years);
        Add(HistoryEventType.ExecutionCompleted, result: output);
        await CommitAsync(new NewOrchestrationInstance(plan.InstanceId, RetrainSurveyOrchestration.Name, "e1", DurableSerializer.Serialize(request), null, plan.CreatedAt.UtcDateTime),
            events, OrchestrationRuntimeStatus.Completed, output,
            status with { Step = "Done", Version = card.Version, Accuracy = accuracy, AccuracyGainOnNewestYear = evaluation.AccuracyGainOnNewestYear }, null, cancellationToken);
        return card.Version;
    }

    private async Task SeedSweepAsync(RunPlan plan, SweepRequest request, SweepSpec spec, List<TrialOutcome> trials, bool running,
        SweepProgress progress, SweepResult result, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        var clock = plan.CreatedAt.UtcDateTime.AddSeconds(20);
        var task = 0;
        void Add(HistoryEventType type, string? name = null, object? input = null, object? outcome = null, int? taskId = null) =>
            events.Add(new HistoryEvent
            {
                EventType = type,
                Timestamp = clock = clock.AddSeconds(5),
                TaskId = taskId,
                Name = name,
                Input = input is null ? null : DurableSerializer.Serialize(input),
                Result = outcome is null ? null : DurableSerializer.Serialize(outcome),
            });
        Add(HistoryEventType.OrchestratorStarted);
        Add(HistoryEventType.ExecutionStarted, SweepOrchestration.Name, request);
        var done = running ? trials.Count / 3 : trials.Count;
        var scheduled = running ? done + spec.ParallelTrials : trials.Count;
        Interlocked.Add(ref trialRecords, scheduled);
        for (var i = 0; i < scheduled; i++)
        {
            var trial = trials[i];
            Add(HistoryEventType.TaskScheduled, ProposeTrialsActivity.Name, new ProposeTrialsInput(Spec, [], 1), taskId: task);
            Add(HistoryEventType.TaskCompleted, outcome: new List<IReadOnlyDictionary<string, string>> { trial.Parameters }, taskId: task++);
            var spec1 = new TrialSpec
            {
                SweepId = request.SweepId,
                TrialId = trial.TrialId,
                Site = request.Site,
                Years = request.Years,
                Model = trial.Parameters["model"],
                OutputContainer = "trials",
                OutputPrefix = trial.OutputPrefix,
            };
            Add(HistoryEventType.TaskScheduled, RunTrialActivity.Name, new RunTrialInput(spec1, trial.Parameters, "accuracy", ObjectiveDirection.Maximize, spec.EarlyStopping, spec.TrialTimeout), taskId: task);
            if (i < done)
            {
                Add(HistoryEventType.TaskCompleted, outcome: trial, taskId: task);
            }
            task++;
        }
        if (!running)
        {
            Add(HistoryEventType.ExecutionCompleted, outcome: result);
        }
        await CommitAsync(
            new NewOrchestrationInstance(request.SweepId, SweepOrchestration.Name, "e1", DurableSerializer.Serialize(request),
                new ParentInstance(plan.InstanceId, "e1", 4, RetrainSurveyOrchestration.Name), plan.CreatedAt.UtcDateTime.AddSeconds(15)),
            events, running ? OrchestrationRuntimeStatus.Running : OrchestrationRuntimeStatus.Completed, running ? null : result, progress, null, cancellationToken);
    }

    /// <summary>Creates the instance, claims it and commits its whole history in one turn, as the engine would over many.</summary>
    private async Task CommitAsync(NewOrchestrationInstance instance, List<HistoryEvent> events, OrchestrationRuntimeStatus status, object? output,
        object customStatus, TaskFailureDetails? failure, CancellationToken cancellationToken)
    {
        // One instance at a time: with the worker off, the only claimable instance is the one just created.
        await storeGate.WaitAsync(cancellationToken);
        try
        {
            await CreateClaimAndCommitAsync(instance, events, status, output, customStatus, failure, cancellationToken);
        }
        finally
        {
            storeGate.Release();
        }
    }

    private async Task CreateClaimAndCommitAsync(NewOrchestrationInstance instance, List<HistoryEvent> events, OrchestrationRuntimeStatus status, object? output,
        object customStatus, TaskFailureDetails? failure, CancellationToken cancellationToken)
    {
        await store.CreateInstanceAsync(instance, null, cancellationToken);
        var item = (await store.ClaimOrchestrationsAsync(1, TimeSpan.FromMinutes(1), cancellationToken)).SingleOrDefault();
        if (item?.InstanceId != instance.InstanceId)
        {
            throw new InvalidOperationException($"the seeded instance {instance.InstanceId} could not be claimed (claimed: {item?.InstanceId ?? "none"}).");
        }
        var turn = await store.LoadTurnAsync(item, null, 0, 10, cancellationToken)
            ?? throw new InvalidOperationException($"the seeded instance {instance.InstanceId} could not be loaded.");
        var committed = await store.CommitTurnAsync(new OrchestrationTurnCommit
        {
            WorkItem = item,
            ExecutionId = turn.ExecutionId,
            Status = status,
            NewHistory = events,
            HistoryStart = 0,
            ConsumedMessageIds = turn.Messages.Select(m => m.Id).ToList(),
            Output = output is null ? null : DurableSerializer.Serialize(output),
            CustomStatus = DurableSerializer.Serialize(customStatus),
            Failure = failure,
        }, cancellationToken);
        if (!committed)
        {
            throw new InvalidOperationException($"the seeded instance {instance.InstanceId} could not be committed.");
        }
    }

    private List<TrialOutcome> Trials(RunPlan plan, string sweepId, Random random)
    {
        var trials = new List<TrialOutcome>();
        var failures = plan.Kind == RunKind.Failed ? 4 : random.Next(0, 3);
        for (var n = 1; n <= history.TrialsPerSweep; n++)
        {
            var parameters = new Dictionary<string, string>
            {
                ["model"] = new[] { "rf", "svm", "gbdt", "mlp" }[random.Next(4)],
                ["trainingFraction"] = new[] { "0.3", "0.5", "0.7" }[random.Next(3)],
                ["embeddingSigma"] = Math.Pow(10, -6 + 7 * random.NextDouble()).ToString("R", CultureInfo.InvariantCulture),
                ["embeddingDim"] = new[] { "0", "2", "3", "6", "7" }[random.Next(5)],
            };
            var status = n <= failures ? TrialStatus.Failed : random.NextDouble() < 0.25 && n > 3 ? TrialStatus.EarlyStopped : TrialStatus.Succeeded;
            var ceiling = 0.80 + 0.19 * random.NextDouble();
            var steps = status switch { TrialStatus.Failed => 0, TrialStatus.EarlyStopped => history.Steps / 3, _ => history.Steps };
            var curve = Enumerable.Range(1, steps).Select(s => new IntermediateValue(s, Math.Round(ceiling - 0.3 / s + 0.01 * random.NextDouble(), 4))).ToList();
            trials.Add(new TrialOutcome(
                $"t{n:D3}",
                parameters,
                status,
                steps > 0 ? curve[^1].Value : null,
                curve,
                status switch
                {
                    TrialStatus.Failed => "exit code 137 (killed); stderr: Killed",
                    TrialStatus.EarlyStopped => $"stopped early: value {curve[^1].Value} at step {steps} is worse than the median of completed trials",
                    _ => null,
                },
                20 + 100 * random.NextDouble(),
                SweepOrchestration.OutputPrefix(sweepId, $"t{n:D3}"),
                $"{sweepId}-t{n:D3}-0"));
        }
        return trials;
    }

    private static DriftReport Drift(RunPlan plan, List<int> years, Random random)
    {
        var features = new List<FeatureDrift>();
        foreach (var reference in years[..^1])
        {
            foreach (var feature in new[] { "backscatter_low", "backscatter_mid", "backscatter_high", "depth" })
            {
                var psi = Math.Round(random.NextDouble() * (feature == "backscatter_mid" ? 4 : 0.3), 4);
                var ks = Math.Round(random.NextDouble() * (feature == "backscatter_mid" ? 0.8 : 0.25), 4);
                features.Add(new FeatureDrift(feature, reference, psi, ks, psi > 0.25 || ks > 0.2));
            }
        }
        var mix = years.ToDictionary(y => y, _ => Normalized(Enumerable.Range(0, 5).Select(_ => 0.1 + random.NextDouble()).ToArray()));
        return new DriftReport(plan.Site, plan.Year, features, mix, 0.25, 0.2, $"runs/{plan.InstanceId}/drift.json");
    }

    private static EvaluationReport Evaluation(RunPlan plan, List<int> years, int? champion, Random random)
    {
        YearScore Score(int year, double accuracy)
        {
            var confusion = new long[5][];
            for (var t = 0; t < 5; t++)
            {
                confusion[t] = new long[5];
                var total = 800 + random.Next(800);
                var right = (long)(total * accuracy);
                confusion[t][t] = right;
                confusion[t][(t + 1 + random.Next(4)) % 5] = total - right;
            }
            var truth = new List<int>();
            var predicted = new List<int>();
            for (var t = 0; t < 5; t++)
            {
                for (var p = 0; p < 5; p++)
                {
                    for (var k = 0; k < confusion[t][p]; k++)
                    {
                        truth.Add(t + 1);
                        predicted.Add(p + 1);
                    }
                }
            }
            return new YearScore(year, truth.Count, ClassificationMetrics.Evaluate(truth.ToArray(), predicted.ToArray()));
        }
        var challenger = new ModelEvaluation("challenger", null, years.Select(y => Score(y, 0.95 + 0.045 * random.NextDouble())).ToList());
        var championScores = champion is null ? null : new ModelEvaluation("champion", champion, years.Select(y => Score(y, y == plan.Year ? 0.6 + 0.15 * random.NextDouble() : 0.97)).ToList());
        var gain = championScores is null ? (double?)null : Math.Round(challenger.Years[^1].Metrics.Accuracy - championScores.Years[^1].Metrics.Accuracy, 4);
        return new EvaluationReport(plan.Site, years, plan.Year, challenger, championScores, gain, $"runs/{plan.InstanceId}/evaluation.json");
    }

    private static ModelRegistration Registration(RunPlan plan, List<int> years, EvaluationReport evaluation, TrialOutcome best, string sweepId, int? champion)
    {
        var newest = evaluation.Challenger.Years[^1].Metrics;
        var metrics = new JsonObject
        {
            ["accuracy"] = newest.Accuracy,
            ["kappa"] = newest.Kappa,
            ["newestYear"] = plan.Year,
            ["byYear"] = JsonSerializer.SerializeToNode(evaluation.Challenger.Years.ToDictionary(
                y => y.Year.ToString(CultureInfo.InvariantCulture),
                y => new { y.Rows, y.Metrics.Accuracy, y.Metrics.Kappa, y.Metrics.Precision, y.Metrics.Recall, y.Metrics.F1, y.Metrics.Confusion }), RunReports.Json),
        };
        if (evaluation.Champion is { } previous)
        {
            metrics["champion"] = new JsonObject
            {
                ["version"] = previous.Version,
                ["byYear"] = JsonSerializer.SerializeToNode(previous.Years.ToDictionary(y => y.Year.ToString(CultureInfo.InvariantCulture), y => new { y.Metrics.Accuracy, y.Metrics.Kappa }), RunReports.Json),
                ["accuracyGainOnNewestYear"] = evaluation.AccuracyGainOnNewestYear,
            };
        }
        return new ModelRegistration
        {
            RunId = plan.InstanceId,
            ModelKind = best.Parameters["model"],
            Parameters = JsonSerializer.SerializeToNode(best.Parameters)!.AsObject(),
            DataYears = years.Select(y => new DataYear(y, [new DataFile("backscatter.tif", new string('a', 64)), new DataFile("bathymetry.tif", new string('b', 64))])).ToList(),
            Metrics = metrics,
            SweepId = sweepId,
            TrialId = best.TrialId,
            CodeVersion = "bench",
            ParentVersion = champion,
        };
    }

    /// <summary>A rollout in progress: shadow, then 10 and 25 %, with gate verdicts at each step.</summary>
    private async Task SeedRolloutAsync(string site, int? champion, CancellationToken cancellationToken)
    {
        var versions = await registry.GetVersionNumbersAsync(site, cancellationToken);
        if (champion is null || versions.Count < 2)
        {
            return;
        }
        var rollout = registry.GetRolloutClient(site);
        await rollout.SetChampionAsync(champion.Value, "first model of the site", cancellationToken);
        await rollout.StartAsync(new RolloutStart { ChallengerVersion = versions[^1], ChampionVersion = champion, RolloutId = $"rollout-{site}", InitialWeight = 0, ShadowShare = 20, Reason = "new challenger registered" }, cancellationToken);
        var at = DateTimeOffset.UtcNow;
        var step = 0;
        foreach (var weight in new[] { 10.0, 25.0 })
        {
            step++;
            await rollout.RecordGateResultsAsync(
            [
                GateResult.Evaluate(step, "errorRate", 0.001, 0.01, GateComparison.AtMost, at),
                GateResult.Evaluate(step, "p95LatencyMs", 3.1, 25, GateComparison.AtMost, at),
                GateResult.Evaluate(step, "agreement", 0.93, 0.9, GateComparison.AtLeast, at),
            ], cancellationToken);
            await rollout.SetWeightAsync(step, weight, $"gates of step {step} passed", cancellationToken: cancellationToken);
        }
    }

    private static double[] Normalized(double[] values)
    {
        var total = values.Sum();
        return values.Select(v => Math.Round(v / total, 4)).ToArray();
    }

    private enum RunKind
    {
        Done,
        Failed,
        Quarantined,
        Running,
    }

    private sealed record RunPlan(string InstanceId, string Site, int Year, DateTimeOffset CreatedAt, RunKind Kind, int Seed);
}
