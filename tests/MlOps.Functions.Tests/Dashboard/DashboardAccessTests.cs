using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.Functions.Dashboard;
using MlOps.Functions.Runtime;
using MlOps.Testing;

namespace MlOps.Functions.Tests.Dashboard;

/// <summary>Who gets to see the dashboard: function key or master key, as header, ?code= once, or the sign-in cookie it earns.</summary>
public sealed class DashboardAccessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_browser_without_a_key_is_sent_to_the_sign_in_form_and_programs_get_401()
    {
        using var client = Client();
        using var page = await client.SendAsync(Browse("/dashboard/runs?site=bedford"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/dashboard/login?returnUrl=%2Fdashboard%2Fruns%3Fsite%3Dbedford", page.Headers.Location!.OriginalString);

        using var api = await client.GetAsync("/dashboard/api/overview");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var picture = await client.GetAsync("/dashboard/maps/bedford/1/2016/predicted.png");
        Assert.Equal(HttpStatusCode.Unauthorized, picture.StatusCode);
        using var report = await client.GetAsync("/dashboard/runs/x/report");
        Assert.Equal(HttpStatusCode.Unauthorized, report.StatusCode);
    }

    [Fact]
    public async Task A_code_in_the_address_signs_the_browser_in_and_is_dropped_from_it()
    {
        using var client = Client();
        using var signIn = await client.SendAsync(Browse($"/dashboard/runs?site=bedford&code={Uri.EscapeDataString(host.Keys.Function)}"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard/runs?site=bedford", signIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardAuthentication.CookieName + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.Keys.Function, cookie);

        using var page = await client.SendAsync(Browse("/dashboard/runs?site=bedford", CookieOf(cookie)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.Contains("Retrain runs of bedford", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keys_other_than_function_and_master_do_not_open_it()
    {
        using var client = Client();
        foreach (var (key, allowed) in new[] { (host.Keys.Function, true), (host.Keys.Master, true), (host.Keys.EventGrid, false), (host.Keys.DurableTask, false), ("guess", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/runs");
            request.Headers.Add(FunctionKeyFilter.HeaderName, key);
            using var response = await client.SendAsync(request);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var wrong = await client.SendAsync(Browse("/?code=guess"));
        Assert.Equal("/dashboard/login?returnUrl=%2F&failed=true", wrong.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_tampered_cookie_is_refused()
    {
        using var client = Client();
        using var signIn = await client.SendAsync(Browse($"/?code={Uri.EscapeDataString(host.Keys.Function)}"));
        var value = CookieOf(Assert.Single(signIn.Headers.GetValues("Set-Cookie")));
        var parts = value.Split('=', 2)[1].Split('.');
        // A later expiry with the old signature, and the right expiry with a changed signature.
        var forged = new[]
        {
            $"{DashboardAuthentication.CookieName}={parts[0]}.{long.Parse(parts[1]) + 86_400}.{parts[2]}",
            $"{DashboardAuthentication.CookieName}={parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            $"{DashboardAuthentication.CookieName}=v1.99999999999.abc",
        };
        foreach (var cookie in forged)
        {
            using var response = await client.SendAsync(Browse("/dashboard/api/runs", cookie));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var genuine = await client.SendAsync(Browse("/dashboard/api/runs", value));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_takes_a_key_and_only_returns_to_this_host()
    {
        using var client = Client();
        using var form = await client.GetAsync("/dashboard/login?returnUrl=%2Fdashboard%2Fmodels");
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("name=\"key\"", html);
        Assert.Contains("value=\"/dashboard/models\"", html);

        using var rejected = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "wrong", ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("That key was not accepted.", await rejected.Content.ReadAsStringAsync());
        Assert.False(rejected.Headers.Contains("Set-Cookie"));

        foreach (var (returnUrl, expected) in new[] { ("/dashboard/models", "/dashboard/models"), ("//evil.example/", "/"), ("/\\evil.example", "/"), ("https://evil.example", "/") })
        {
            using var accepted = await client.PostAsync("/dashboard/login",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = host.Keys.Function, ["returnUrl"] = returnUrl }));
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal(expected, accepted.Headers.Location!.OriginalString);
            Assert.Contains(DashboardAuthentication.CookieName, Assert.Single(accepted.Headers.GetValues("Set-Cookie")));
        }

        using var signOut = await client.PostAsync("/dashboard/logout", null);
        Assert.Contains("expires=Thu, 01 Jan 1970", Assert.Single(signOut.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_stylesheet_script_and_icon_need_no_key()
    {
        using var client = Client();
        foreach (var (file, type) in new[] { ("dashboard.css", "text/css"), ("dashboard.js", "text/javascript"), ("favicon.svg", "image/svg+xml") })
        {
            using var response = await client.GetAsync($"/dashboard/static/{file}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        using var missing = await client.GetAsync("/dashboard/static/..%2Fhost.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void A_sign_in_expires_after_its_lifetime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var keys = new FunctionKeys("master", "function", "eventgrid", "durable");
        var authentication = new DashboardAuthentication(keys, Options.Create(new DashboardOptions { SignInLifetime = TimeSpan.FromHours(12) }), clock);
        var signedIn = new DefaultHttpContext();
        authentication.SignIn(signedIn.Response);
        var cookie = CookieOf(signedIn.Response.Headers.SetCookie.ToString());

        bool Accepted(FunctionKeys withKeys)
        {
            var request = new DefaultHttpContext().Request;
            request.Headers.Cookie = cookie;
            return new DashboardAuthentication(withKeys, Options.Create(new DashboardOptions()), clock).HasValidCookie(request);
        }

        Assert.True(Accepted(keys));
        Assert.False(Accepted(new FunctionKeys("rotated master", "function", "eventgrid", "durable")));
        clock.Advance(TimeSpan.FromHours(11));
        Assert.True(Accepted(keys));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(Accepted(keys));
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };

    private static HttpRequestMessage Browse(string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }

    /// <summary>name=value of a Set-Cookie header.</summary>
    private static string CookieOf(string setCookie) => setCookie.Split(';')[0];
}
