namespace MlOps.Functions.Runtime;

/// <summary>
/// Requires a key for an HTTP function: <c>x-functions-key</c> header or <c>?code=</c>.
/// A missing or wrong key is a bare 401: nothing says which part was wrong.
/// </summary>
public sealed class FunctionKeyFilter(FunctionKeys keys, AuthorizationLevel level) : IEndpointFilter
{
    public const string HeaderName = "x-functions-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        keys.Allows(level, PresentedKey(context.HttpContext.Request))
            ? await next(context)
            : Results.Unauthorized();

    public static string? PresentedKey(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header)
            ? header.ToString()
            : request.Query.TryGetValue("code", out var code) ? code.ToString() : null;
}
