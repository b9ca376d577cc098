namespace MlOps.Functions.Inference;

/// <summary>A predict or feedback request that cannot be served as sent: the HTTP status (400, 404, 409, 413, 415) and what is wrong, and where.</summary>
public sealed class InferenceRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static InferenceRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static InferenceRequestException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);
}
