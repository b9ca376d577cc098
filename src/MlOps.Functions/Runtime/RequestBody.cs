namespace MlOps.Functions.Runtime;

/// <summary>Thrown when a request body is larger than the endpoint accepts; answered with 413.</summary>
public sealed class RequestTooLargeException(long limit) : Exception($"The request body is larger than the {limit} bytes this endpoint accepts.")
{
    public long Limit { get; } = limit;
}

public static class RequestBody
{
    /// <summary>
    /// Reads the whole body, refusing one over <paramref name="limit"/> bytes before reading
    /// it when Content-Length says so, and while reading when it does not.
    /// </summary>
    public static async Task<BinaryData> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new RequestTooLargeException(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return new BinaryData(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
