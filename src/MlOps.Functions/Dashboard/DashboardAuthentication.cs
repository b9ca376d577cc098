using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MlOps.Functions.Runtime;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Who may see the dashboard: a caller presenting a function key (or the master key), as header
/// or <c>?code=</c>, or a browser holding the sign-in cookie that such a key earned. The cookie
/// holds no key: only its expiry and an HMAC over it with a secret derived from the master
/// key, so it cannot be forged, and rotating the master key signs everyone out.
/// </summary>
public sealed class DashboardAuthentication(FunctionKeys keys, IOptions<DashboardOptions> options, TimeProvider time)
{
    public const string CookieName = "mlops_dashboard";
    private const string Version = "v1";

    private readonly byte[] secret = SHA256.HashData(Encoding.UTF8.GetBytes("mlops-dashboard-sign-in|" + keys.Master));

    /// <summary>True for a valid function or master key.</summary>
    public bool IsValidKey(string? key) => keys.Allows(AuthorizationLevel.Function, key);

    public bool HasValidCookie(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var value) && IsValidCookieValue(value);

    public bool IsSignedIn(HttpRequest request) => HasValidCookie(request) || IsValidKey(FunctionKeyFilter.PresentedKey(request));

    /// <summary>Sets the sign-in cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, for the configured lifetime.</summary>
    public void SignIn(HttpResponse response)
    {
        var expires = time.GetUtcNow() + options.Value.SignInLifetime;
        response.Cookies.Append(CookieName, CookieValue(expires), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        });
    }

    public void SignOut(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = response.HttpContext.Request.IsHttps });

    internal string CookieValue(DateTimeOffset expires)
    {
        var payload = $"{Version}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return payload + "." + Sign(payload);
    }

    internal bool IsValidCookieValue(string? value)
    {
        var parts = value?.Split('.');
        if (parts is not [Version, var seconds, var signature]
            || !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign($"{Version}.{seconds}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return false;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // Not expired, and not dated further ahead than a sign-in now would be (a lifetime shortened since).
        return expiresAt > now && expiresAt <= now + (long)options.Value.SignInLifetime.TotalSeconds + 60;
    }

    private string Sign(string payload) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(payload))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
