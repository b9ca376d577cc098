using System.Diagnostics;
using MlOps.Learning.Models;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Inference;

/// <summary>
/// The request path of the inference function: the rollout state (cached, <see cref="RolloutStateReader"/>)
/// and <see cref="CanaryRouter"/> pick the version for the routing key (or the pinned version),
/// the rows are scored in one ONNX Runtime call on a leased session, the outcome is counted, the
/// mirrored share is queued for the challenger, and the prediction is remembered for feedback.
/// When the challenger fails on a request, the failure is counted against it and the champion
/// answers, so a broken challenger costs users nothing while the gates see its error rate.
/// </summary>
public sealed class InferenceService(
    RolloutStateReader states,
    ModelSessionCache sessions,
    InferenceMetrics metrics,
    MirrorQueue mirror,
    PredictionLog predictions,
    Telemetry.MlOpsMetrics telemetry)
{
    public async Task<InferenceResult> PredictAsync(string model, FeatureBatch input, string routingKey, int? pinnedVersion, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(model, cancellationToken).ConfigureAwait(false);
        RouteDecision decision;
        if (pinnedVersion is { } pinned)
        {
            decision = new RouteDecision(pinned, IsChallenger: pinned == state?.ChallengerVersion && pinned != state?.ChampionVersion, MirrorVersion: null);
        }
        else if (state is null || CanaryRouter.Route(state, routingKey) is not { } routed)
        {
            throw new InferenceRequestException(StatusCodes.Status404NotFound, $"Model '{model}' has no champion to serve: register a version and make it champion first.");
        }
        else
        {
            decision = routed;
        }

        var requestId = predictions.NextRequestId();
        int? failedVersion = null;
        Prediction prediction;
        var served = decision.Version;
        try
        {
            prediction = await ScoreAsync(model, served, input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsModelFailure(e) && decision.IsChallenger && pinnedVersion is null && state?.ChampionVersion is { } champion)
        {
            failedVersion = served;
            served = champion;
            prediction = await ScoreAsync(model, served, input, cancellationToken).ConfigureAwait(false);
        }

        var record = new PredictionRecord(model, served, prediction.Labels);
        predictions.Add(requestId, record);
        if (decision.MirrorVersion is { } mirrorVersion && failedVersion is null)
        {
            mirror.Enqueue(new MirrorWork(model, mirrorVersion, input, prediction.Labels, record));
        }
        return new InferenceResult(model, served, requestId, prediction.Labels, prediction.Probabilities, failedVersion);
    }

    private async ValueTask<RolloutState?> ReadStateAsync(string model, CancellationToken cancellationToken)
    {
        try
        {
            return await states.GetAsync(model, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRegistryException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            throw InferenceRequestException.BadRequest(e.Message);
        }
    }

    /// <summary>Scores on <paramref name="version"/>, counting the attempt; input errors are the caller's and are not counted.</summary>
    private async Task<Prediction> ScoreAsync(string model, int version, FeatureBatch input, CancellationToken cancellationToken)
    {
        var counters = metrics.For(model, version);
        var started = Stopwatch.GetTimestamp();
        SessionLease lease;
        try
        {
            lease = await sessions.AcquireAsync(model, version, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRegistryException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw new InferenceRequestException(StatusCodes.Status404NotFound, e.Message);
        }
        catch (ModelLoadException)
        {
            counters.RecordFailure(mirrored: false);
            throw;
        }
        using (lease)
        {
            var values = input.AlignTo(lease.Model.InputColumns);
            try
            {
                var prediction = lease.Model.Session.Run(values, input.Rows, lease.Model.InputColumns.Count);
                var elapsed = Stopwatch.GetElapsedTime(started);
                counters.RecordScored(mirrored: false, elapsed.TotalMilliseconds, prediction.Labels);
                telemetry.RecordInference(model, version, elapsed, input.Rows, succeeded: true);
                return prediction;
            }
            catch (OnnxRuntimeException)
            {
                counters.RecordFailure(mirrored: false);
                telemetry.RecordInference(model, version, Stopwatch.GetElapsedTime(started), input.Rows, succeeded: false);
                throw;
            }
        }
    }

    private static bool IsModelFailure(Exception e) => e is OnnxRuntimeException or ModelLoadException;
}
