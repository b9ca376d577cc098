using System.Diagnostics;
using System.Net;
using System.Text;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Runtime;
using MlOps.Jobs;

namespace MlOps.Functions.Tests;

/// <summary>
/// What one traced retrain run shows: a single trace from the Event Grid request through the
/// orchestration, the sweep, each trial's job and process, to the registration; OTLP export from
/// the host and from the trial processes; and its numbers on /metrics in Prometheus text.
/// </summary>
public sealed class RetrainTelemetryTests(RetrainTelemetryRun run) : IClassFixture<RetrainTelemetryRun>
{
    private IReadOnlyList<Activity> Trace()
    {
        var create = Assert.Single(run.Exported.Spans, s => s.DisplayName == "create_orchestration:RetrainSurvey"
            && (string?)s.GetTagItem(DurableTelemetry.InstanceIdTag) == run.InstanceId && s.GetTagItem("durabletask.created") is true);
        return run.Exported.Spans.Where(s => s.TraceId == create.TraceId).ToList();
    }

    private static Activity Parent(IReadOnlyList<Activity> trace, Activity span) =>
        Assert.Single(trace, s => s.SpanId == span.ParentSpanId);

    [Fact]
    public void The_event_grid_request_is_the_root_of_one_trace_through_orchestration_sweep_trial_jobs_and_registration()
    {
        var trace = Trace();
        var create = Assert.Single(trace, s => s.DisplayName == "create_orchestration:RetrainSurvey");

        var function = Parent(trace, create);
        Assert.Equal(("SurveyArrived", "pubsub"), (function.DisplayName, function.GetTagItem("faas.trigger")));
        Assert.EndsWith($"/{RetrainTelemetryRun.Site}/{RetrainTelemetryRun.Year}/manifest.json", (string?)function.GetTagItem("cloudevents.event_subject"));
        var request = Parent(trace, function);
        Assert.Equal(("Microsoft.AspNetCore", ActivityKind.Server), (request.Source.Name, request.Kind));
        Assert.Equal(EventGridWebhook.Path, request.GetTagItem("http.route"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal(default, request.ParentSpanId); // the delivery starts the trace

        var retrainTurns = trace.Where(s => s.DisplayName == "orchestration:RetrainSurvey").ToList();
        Assert.NotEmpty(retrainTurns);
        Assert.All(retrainTurns, turn => Assert.Equal(create.SpanId, turn.ParentSpanId));
        Assert.Contains(retrainTurns, turn => (string?)turn.GetTagItem(DurableTelemetry.StatusTag) == "Completed");
        var sweepTurns = trace.Where(s => s.DisplayName == "orchestration:Sweep").ToList();
        Assert.NotEmpty(sweepTurns);
        Assert.All(sweepTurns, turn => Assert.Contains(retrainTurns, r => r.SpanId == turn.ParentSpanId));

        var activities = trace.Where(s => s.DisplayName.StartsWith("activity:", StringComparison.Ordinal)).ToList();
        foreach (var name in new[] { ValidateSurveyActivity.Name, ListSurveyYearsActivity.Name, GetPipelineSettingsActivity.Name, ProposeTrialsActivity.Name,
                     RunTrialActivity.Name, GetChampionActivity.Name, EvaluateActivity.Name, RegisterModelActivity.Name })
        {
            Assert.Contains(activities, a => a.DisplayName == $"activity:{name}");
        }
        Assert.All(activities, a => Assert.Contains(retrainTurns.Concat(sweepTurns), turn => turn.SpanId == a.ParentSpanId));

        var runTrials = activities.Where(a => a.DisplayName == $"activity:{RunTrialActivity.Name}").ToList();
        Assert.Equal(run.Sweep.Trials.Count + 1, runTrials.Count); // every sweep trial, then the final training
        Assert.Equal(run.Sweep.Trials.Count, runTrials.Count(a => sweepTurns.Any(turn => turn.SpanId == a.ParentSpanId)));
        var jobs = trace.Where(s => s.Source.Name == JobTelemetry.SourceName).ToList();
        Assert.Equal(runTrials.Count, jobs.Count);
        foreach (var job in jobs)
        {
            Assert.Contains(runTrials, a => a.SpanId == job.ParentSpanId);
            Assert.Equal("Succeeded", job.GetTagItem(JobTelemetry.StateTag));
            Assert.True(job.GetTagItem("process.pid") is int pid && pid > 0, $"job {job.GetTagItem(JobTelemetry.JobIdTag)} has no pid");
            Assert.False(string.IsNullOrEmpty(job.GetTagItem(JobTelemetry.PlacementTag) as string));
            Assert.Equal(0, job.GetTagItem("process.exit.code"));
            Assert.Equal("succeeded", job.GetTagItem("mlops.trial.outcome"));
        }
        Assert.Equal(run.TrialMetrics.Keys.Order(), jobs.Select(j => (string)j.GetTagItem("mlops.trial.id")!).Order());

        var register = Assert.Single(activities, a => a.DisplayName == $"activity:{RegisterModelActivity.Name}");
        Assert.Equal((1, "champion"), (register.GetTagItem("mlops.model.version"), register.GetTagItem("mlops.model.alias")));
        Assert.All(trace, span => Assert.Equal(ActivityStatusCode.Unset, span.Status));
    }

    [Fact]
    public void Each_trial_process_joined_the_trace_as_a_child_of_its_job_span_and_exported_its_span_over_otlp()
    {
        var trace = Trace();
        var jobs = trace.Where(s => s.Source.Name == JobTelemetry.SourceName).ToDictionary(j => (string)j.GetTagItem("mlops.trial.id")!);
        Assert.Equal(run.Sweep.Trials.Count + 1, run.TrialMetrics.Count);
        foreach (var (trialId, metrics) in run.TrialMetrics)
        {
            var joined = metrics.Trace ?? throw new Xunit.Sdk.XunitException($"metrics.json of {trialId} records no trace");
            Assert.Equal(trace[0].TraceId.ToHexString(), joined.TraceId);
            Assert.Equal(jobs[trialId].SpanId.ToHexString(), joined.ParentSpanId);
            Assert.DoesNotContain(trace, s => s.SpanId.ToHexString() == joined.SpanId); // the process's own span, not one of the host's

            // The trial process exported that span itself: its service name, the trace id and its span id are in one OTLP request.
            Assert.NotEmpty(run.Otlp!.Containing("traces", Encoding.UTF8.GetBytes("mlops-trainer"), Convert.FromHexString(joined.TraceId), Convert.FromHexString(joined.SpanId)));
        }
    }

    [Fact]
    public void The_host_exports_traces_metrics_and_logs_with_the_instance_id_over_otlp()
    {
        var traceId = Convert.FromHexString(Trace()[0].TraceId.ToHexString());
        var service = Encoding.UTF8.GetBytes("mlops-functions");
        Assert.NotEmpty(run.Otlp!.Containing("traces", service, traceId, Encoding.UTF8.GetBytes("orchestration:RetrainSurvey")));
        Assert.NotEmpty(run.Otlp.Containing("metrics", service, Encoding.UTF8.GetBytes("mlops.trials.completed")));
        Assert.NotEmpty(run.Otlp.Containing("logs", service, Encoding.UTF8.GetBytes("InstanceId"), Encoding.UTF8.GetBytes(run.InstanceId), traceId));
    }

    [Fact]
    public void Metrics_are_prometheus_text_behind_a_key_with_trials_turns_activities_registrations_and_requests()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, run.MetricsWithoutKey);
        Assert.StartsWith("text/plain; version=0.0.4", run.MetricsContentType);
        var families = PrometheusPeer.Parse(run.MetricsText).ToDictionary(f => f.Name);

        double Sum(string family, string sample, params (string Label, string Value)[] labels) =>
            families[family].Samples.Where(s => s.Name == sample && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

        var trials = run.Sweep.Trials.Count + 1;
        Assert.Equal("counter", families["mlops_trials_started"].Type);
        Assert.Equal(trials, Sum("mlops_trials_started", "mlops_trials_started_total", ("site", RetrainTelemetryRun.Site)));
        Assert.Equal(trials, Sum("mlops_trials_completed", "mlops_trials_completed_total", ("site", RetrainTelemetryRun.Site), ("outcome", "succeeded")));
        Assert.All(families["mlops_trials_started"].Samples, s => Assert.Contains(s.Labels["model"], new[] { "rf", "gbdt" }));
        Assert.Equal("histogram", families["mlops_trials_duration_seconds"].Type);
        Assert.Equal(trials, Sum("mlops_trials_duration_seconds", "mlops_trials_duration_seconds_count"));
        Assert.Equal(trials, Sum("mlops_trials_duration_seconds", "mlops_trials_duration_seconds_bucket", ("le", "+Inf")));

        Assert.Equal(1, Sum("mlops_models_registered", "mlops_models_registered_total", ("model", RetrainTelemetryRun.Site), ("alias", "champion")));
        Assert.Equal(trials, Sum("mlops_durable_activity_executions", "mlops_durable_activity_executions_total", ("activity", RunTrialActivity.Name), ("outcome", "completed")));
        Assert.Equal(1, Sum("mlops_durable_orchestration_turns", "mlops_durable_orchestration_turns_total", ("orchestration", "RetrainSurvey"), ("outcome", "Completed")));
        Assert.Equal(1, Sum("mlops_durable_orchestration_turns", "mlops_durable_orchestration_turns_total", ("orchestration", "Sweep"), ("outcome", "Completed")));
        Assert.True(Sum("mlops_durable_orchestration_turn_duration_seconds", "mlops_durable_orchestration_turn_duration_seconds_count", ("orchestration", "Sweep")) >= 2);

        // ASP.NET Core's own request metric, by route: the Event Grid delivery is there.
        Assert.True(Sum("http_server_request_duration_seconds", "http_server_request_duration_seconds_count", ("http_route", EventGridWebhook.Path), ("http_response_status_code", "200")) >= 1);
    }
}
