using MlOps.Functions.Runtime;
using MlOps.Reports.Html;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Lets signed-in callers through. A page opened with a valid <c>?code=</c> signs the browser in
/// and reloads without the key in its address (so it stays out of history and Referer); a
/// browser without either goes to the sign-in form; everything else gets a bare 401.
/// </summary>
internal sealed class DashboardAccessFilter(DashboardAuthentication authentication, bool isPage) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (authentication.HasValidCookie(request))
        {
            return await next(context);
        }
        var key = FunctionKeyFilter.PresentedKey(request);
        var withoutCode = PathWithoutCode(request);
        if (authentication.IsValidKey(key))
        {
            if (isPage && HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("code"))
            {
                authentication.SignIn(context.HttpContext.Response);
                return Results.Redirect(withoutCode);
            }
            return await next(context);
        }
        return isPage && HttpMethods.IsGet(request.Method) && AcceptsHtml(request)
            ? Results.Redirect($"{DashboardEndpoints.LoginPath}?returnUrl={Uri.EscapeDataString(withoutCode)}" + (key is null ? "" : "&failed=true"))
            : Results.Unauthorized();
    }

    /// <summary>A browser navigating (Accept names text/html); scripts and programs get a 401 they can act on instead of a sign-in form.</summary>
    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The request's path and query with any code= parameter taken out.</summary>
    internal static string PathWithoutCode(HttpRequest request)
    {
        var query = string.Join("&", request.Query.Where(p => !p.Key.Equals("code", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        var path = request.PathBase + request.Path;
        return (path.HasValue ? path.Value! : "/") + (query.Length > 0 ? "?" + query : "");
    }
}
