using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Functions.Inference;
using MlOps.Functions.Runtime;

namespace MlOps.Functions.Functions;

/// <summary>
/// Feedback (<c>POST /api/models/{name}/feedback</c>, function key): the true classes of the rows
/// of an earlier prediction, <c>{"requestId": "...", "labels": [1, 4, 0, ...]}</c>, one per row in
/// the request's order (0 or null: not known). Each labelled row counts toward the feedback
/// accuracy of the version that served it and, when the rows were mirrored, of the version that
/// scored them in the shadow. A prediction takes feedback once. Predictions are remembered by the
/// host that served them (the last <see cref="InferenceOptions.FeedbackWindow"/>).
/// </summary>
public sealed class FeedbackFunction(PredictionLog predictions, InferenceMetrics metrics, IOptions<InferenceOptions> options) : IHttpFunction
{
    public const string Name = "Feedback";
    public const string Route = "models/{name}/feedback";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var model = (string)context.GetRouteValue("name")!;
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        FeedbackBody? feedback;
        try
        {
            feedback = JsonSerializer.Deserialize<FeedbackBody>(body, Json);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body is not valid JSON for {{\"requestId\", \"labels\": [classes]}}: {e.Message}");
        }
        if (feedback?.RequestId is not { Length: > 0 } requestId || feedback.Labels is not { Count: > 0 } labels)
        {
            return Error(StatusCodes.Status400BadRequest, "The body needs \"requestId\" (from the prediction) and \"labels\": the true class (1–5, or 0/null when unknown) of each row.");
        }
        if (predictions.Find(requestId) is not { } record || record.Model != model)
        {
            var where = predictions.IsFromThisHost(requestId)
                ? $"this host no longer remembers it (it keeps the last {options.Value.FeedbackWindow} predictions)"
                : "it was not issued by this host";
            return Error(StatusCodes.Status404NotFound, $"No prediction of '{model}' with request id '{requestId}': {where}.");
        }
        if (labels.Count != record.Labels.Length)
        {
            return Error(StatusCodes.Status400BadRequest, $"\"labels\" has {labels.Count} entries but request '{requestId}' scored {record.Labels.Length} rows; send one per row (0 or null when unknown).");
        }
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is { } label && label is < 0 or > 5)
            {
                return Error(StatusCodes.Status400BadRequest, $"labels[{i}] is {label}; a seabed class is 1–5 (0 or null: unknown).");
            }
        }
        if (!record.TryTakeFeedback())
        {
            return Error(StatusCodes.Status409Conflict, $"Feedback for request '{requestId}' was already recorded.");
        }
        var served = Score(record.Labels, labels);
        metrics.For(model, record.Version).RecordFeedback(served.Labelled, served.Correct);
        object? mirrored = null;
        if (record.MirrorVersion is { } mirrorVersion && record.MirrorLabels is { } mirrorLabels)
        {
            var shadow = Score(mirrorLabels, labels);
            metrics.For(model, mirrorVersion).RecordFeedback(shadow.Labelled, shadow.Correct);
            mirrored = new { version = mirrorVersion, correct = shadow.Correct };
        }
        return Results.Ok(new { requestId, version = record.Version, labelled = served.Labelled, correct = served.Correct, mirrored });
    }

    private static (long Labelled, long Correct) Score(long[] predicted, IReadOnlyList<int?> truth)
    {
        long labelled = 0, correct = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            if (truth[i] is { } label and > 0)
            {
                labelled++;
                if (predicted[i] == label)
                {
                    correct++;
                }
            }
        }
        return (labelled, correct);
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private sealed record FeedbackBody(string? RequestId, IReadOnlyList<int?>? Labels);
}
