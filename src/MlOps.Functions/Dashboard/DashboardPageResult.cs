using System.Text;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// An HTML page with the headers every dashboard page carries: a content security policy that
/// allows only this host's script, styles and images (and data: images), no framing, no
/// sniffing, no referrer, no caching of what may be sensitive.
/// </summary>
internal sealed class DashboardPageResult(string html, int statusCode = StatusCodes.Status200OK, string? attachmentName = null) : IResult
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A saved report is a file of its own: inline styles and data: images only, nothing fetched.</summary>
    public const string ReportSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        SetSecurityHeaders(response, attachmentName is null ? ContentSecurityPolicy : ReportSecurityPolicy);
        if (attachmentName is not null)
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{attachmentName}\"";
        }
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }

    public static void SetSecurityHeaders(HttpResponse response, string policy = ContentSecurityPolicy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }
}
