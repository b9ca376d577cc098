using MlOps.Reports.Html;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The sign-in form: one field for a function key (or the master key); no script, nothing loaded from elsewhere.</summary>
public static class LoginPage
{
    public static string Render(string action, string returnUrl, string? error, DashboardLinks links) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · MlOps</title>
        <link rel="icon" type="image/svg+xml" href="{Encode(links.Asset(DashboardAssets.Icon))}">
        <link rel="stylesheet" href="{Encode(links.Asset(DashboardAssets.Stylesheet))}">
        </head>
        <body>
        <main class="login card">
        <h1>MlOps dashboard</h1>
        <p>Sign in with the host's function key (<code>mlops keys</code> prints it locally).</p>
        {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>")}
        <form method="post" action="{Encode(action)}">
        <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
        <label for="key">Function key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
        <button type="submit">Sign in</button>
        </form>
        </main>
        </body>
        </html>
        """;
}
