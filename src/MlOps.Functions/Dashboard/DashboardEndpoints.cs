using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Functions.Pipeline;
using MlOps.Registry;
using MlOps.Reports.Html;
using MlOps.Reports.Pages;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// The web dashboard: server-rendered pages at <c>/</c> and under <c>/dashboard/</c>, the same
/// data as JSON under <c>/dashboard/api/</c>, map pictures as PNG, and a sign-in form. Everything
/// but the sign-in form and the static files needs a function key or the sign-in cookie.
/// </summary>
public static class DashboardEndpoints
{
    public const string LoginPath = DashboardLinks.Root + "/login";
    public const string ApiRoot = DashboardLinks.Root + "/api";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var authentication = app.Services.GetRequiredService<DashboardAuthentication>();
        var links = new DashboardLinks();
        var pages = app.MapGroup("").AddEndpointFilter(new DashboardAccessFilter(authentication, isPage: true));
        var api = app.MapGroup(ApiRoot).AddEndpointFilter(new DashboardAccessFilter(authentication, isPage: false));

        // ---- pages ----------------------------------------------------------------------------
        pages.MapGet("/", async (SiteQueries sites, RunQueries runs, TimeProvider time, IOptions<DashboardOptions> options, CancellationToken ct) =>
            Page(OverviewPage.Render(await OverviewAsync(sites, runs, options.Value, ct), links, time.GetUtcNow())));
        pages.MapGet(DashboardLinks.Root, () => Results.Redirect("/"));
        pages.MapGet(DashboardLinks.Root + "/runs", async (string? site, string? status, int? page, RunQueries runs, TimeProvider time, CancellationToken ct) =>
            site is not null && !SiteName.IsValid(site)
                ? NotFound("No such site", $"'{site}' is not a site name.", links, time)
                : Page(RunsPage.Render(await runs.ListAsync(site, status, page ?? 1, ct), links, time.GetUtcNow())));
        pages.MapGet(DashboardLinks.Root + "/runs/{id}", async (string id, RunQueries runs, TimeProvider time, CancellationToken ct) =>
            await runs.GetAsync(id, renderMaps: false, ImageUrl(links), ct) is { } run
                ? Page(RunPage.Render(run, links, time.GetUtcNow()))
                : NotFound("No such run", $"There is no retrain run '{id}'.", links, time));
        pages.MapGet(DashboardLinks.Root + "/runs/{id}/report", async (string id, RunReportBuilder reports, TimeProvider time, CancellationToken ct) =>
            await reports.BuildAsync(id, ct) is { } report
                ? new DashboardPageResult(report, attachmentName: RunReport.FileName(id))
                : NotFound("No such run", $"There is no retrain run '{id}'.", links, time));
        pages.MapGet(DashboardLinks.Root + "/sweeps/{id}", async (string id, SweepQueries sweeps, TimeProvider time, CancellationToken ct) =>
            await sweeps.GetAsync(id, ct) is { } sweep
                ? Page(SweepPage.Render(sweep, links, time.GetUtcNow()))
                : NotFound("No such sweep", $"There is no sweep '{id}'.", links, time));
        pages.MapGet(DashboardLinks.Root + "/models", async (SiteQueries sites, ModelQueries models, TimeProvider time, CancellationToken ct) =>
            Page(ModelsPage.Render(await ModelSummariesAsync(sites, ct), links, time.GetUtcNow())));
        pages.MapGet(DashboardLinks.Root + "/models/{name}", async (string name, bool? all, ModelQueries models, TimeProvider time, CancellationToken ct) =>
            ModelName.IsValid(name) && await models.GetAsync(name, all == true, ct) is { } model
                ? Page(ModelPage.Render(model, links, time.GetUtcNow()))
                : NotFound("No such model", $"The registry has no model '{name}'.", links, time));
        pages.MapGet(DashboardLinks.Root + "/models/{name}/versions/{version:int}", async (string name, int version, ModelQueries models, TimeProvider time, CancellationToken ct) =>
            ModelName.IsValid(name) && await models.GetVersionAsync(name, version, ct) is { } card
                ? Page(ModelVersionPage.Render(card, await models.SurveyYearsAsync(name, ct), links, time.GetUtcNow()))
                : NotFound("No such version", $"Model '{name}' has no registered version {version}.", links, time));
        pages.MapGet(DashboardLinks.Root + "/models/{name}/rollout", async (string name, CanaryQueries canary, TimeProvider time, CancellationToken ct) =>
            await canary.GetAsync(name, ct) is { } view
                ? Page(RolloutPage.Render(view, links, time.GetUtcNow()))
                : NotFound("No such model", $"'{name}' is not a model name.", links, time));
        pages.MapGet(DashboardLinks.Root + "/maps/{name}/{version:int}/{year:int}", async (string name, int version, int year, MapService maps, ModelQueries models, TimeProvider time, CancellationToken ct) =>
        {
            try
            {
                var statistics = await maps.GetStatisticsAsync(name, version, year, ct);
                return Page(MapPage.Render(MapService.View(name, version, year, statistics, ImageUrl(links)), await models.SurveyYearsAsync(name, ct), links, time.GetUtcNow()));
            }
            catch (MapUnavailableException e)
            {
                return NotFound("No such map", $"No map of {name} v{version} on {year}: {e.Message}", links, time);
            }
        });
        pages.MapGet(DashboardLinks.Root + "/maps/{name}/{version:int}/{year:int}/{kind}.png", async (string name, int version, int year, string kind, MapService maps, CancellationToken ct) =>
        {
            try
            {
                var png = await maps.GetImageAsync(name, version, year, kind, ct);
                return Results.File(png, "image/png");
            }
            catch (MapUnavailableException e)
            {
                return Results.NotFound(new { error = e.Message });
            }
        });

        // ---- the same data as JSON ------------------------------------------------------------
        api.MapGet("/overview", async (SiteQueries sites, RunQueries runs, IOptions<DashboardOptions> options, CancellationToken ct) =>
            Data(await OverviewAsync(sites, runs, options.Value, ct)));
        api.MapGet("/runs", async (string? site, string? status, int? page, RunQueries runs, CancellationToken ct) =>
            site is not null && !SiteName.IsValid(site) ? Problem(404, $"'{site}' is not a site name.") : Data(await runs.ListAsync(site, status, page ?? 1, ct)));
        api.MapGet("/runs/{id}", async (string id, RunQueries runs, CancellationToken ct) =>
            await runs.GetAsync(id, renderMaps: false, ImageUrl(links), ct) is { } run ? Data(run) : Problem(404, $"There is no retrain run '{id}'."));
        api.MapGet("/sweeps/{id}", async (string id, SweepQueries sweeps, CancellationToken ct) =>
            await sweeps.GetAsync(id, ct) is { } sweep ? Data(sweep) : Problem(404, $"There is no sweep '{id}'."));
        api.MapGet("/models", async (SiteQueries sites, CancellationToken ct) => Data(await ModelSummariesAsync(sites, ct)));
        api.MapGet("/models/{name}", async (string name, bool? all, ModelQueries models, CancellationToken ct) =>
            ModelName.IsValid(name) && await models.GetAsync(name, all == true, ct) is { } model ? Data(model) : Problem(404, $"The registry has no model '{name}'."));
        api.MapGet("/models/{name}/versions/{version:int}", async (string name, int version, ModelQueries models, CancellationToken ct) =>
            ModelName.IsValid(name) && await models.GetVersionAsync(name, version, ct) is { } card ? Data(card) : Problem(404, $"Model '{name}' has no registered version {version}."));
        api.MapGet("/models/{name}/rollout", async (string name, CanaryQueries canary, CancellationToken ct) =>
            await canary.GetAsync(name, ct) is { } view ? Data(view) : Problem(404, $"'{name}' is not a model name."));
        api.MapGet("/maps/{name}/{version:int}/{year:int}", async (string name, int version, int year, MapService maps, CancellationToken ct) =>
        {
            try
            {
                return Data(MapService.View(name, version, year, await maps.GetStatisticsAsync(name, version, year, ct), ImageUrl(links)));
            }
            catch (MapUnavailableException e)
            {
                return Problem(404, e.Message);
            }
        });

        // ---- static files and signing in ------------------------------------------------------
        app.MapGet(DashboardLinks.Root + "/static/{file}", (string file, HttpContext context) =>
        {
            if (DashboardAssets.Find(file) is not { } asset)
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=3600";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Content, asset.ContentType);
        });
        app.MapGet(LoginPath, (string? returnUrl, bool? failed) =>
            new DashboardPageResult(LoginPage.Render(LoginPath, LocalUrl(returnUrl), failed == true ? "That key was not accepted." : null, links)));
        app.MapPost(LoginPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = LocalUrl(form["returnUrl"]);
            if (!authentication.IsValidKey(form["key"]))
            {
                return new DashboardPageResult(LoginPage.Render(LoginPath, returnUrl, "That key was not accepted.", links), StatusCodes.Status401Unauthorized);
            }
            authentication.SignIn(context.Response);
            return Results.Redirect(returnUrl);
        }).DisableAntiforgery();
        app.MapPost(DashboardLinks.Root + "/logout", (HttpContext context) =>
        {
            authentication.SignOut(context.Response);
            return Results.Redirect(LoginPath);
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<OverviewView> OverviewAsync(SiteQueries sites, RunQueries runs, DashboardOptions options, CancellationToken ct)
    {
        var sitesTask = sites.ListAsync(ct);
        var runsTask = runs.ListAllAsync(null, ct);
        await Task.WhenAll(sitesTask, runsTask);
        var all = runsTask.Result;
        return new OverviewView(
            sitesTask.Result,
            all.Take(Math.Max(1, options.RecentRuns)).Select(PipelineViews.Run).ToList(),
            RunQueries.CountByStatus(all),
            all.Count);
    }

    private static async Task<IReadOnlyList<ModelSummaryView>> ModelSummariesAsync(SiteQueries sites, CancellationToken ct) =>
        (await sites.ListAsync(ct)).Select(s => s.Model).OfType<ModelSummaryView>().Where(m => m.Versions > 0).ToList();

    private static Func<string, int, int, string, string> ImageUrl(DashboardLinks links) =>
        (model, version, year, kind) => links.MapImage(model, version, year, kind)!;

    private static DashboardPageResult Page(string html) => new(html);

    private static DashboardPageResult NotFound(string title, string message, DashboardLinks links, TimeProvider time) =>
        new(MessagePage.Render(title, message, links, time.GetUtcNow()), StatusCodes.Status404NotFound);

    private static IResult Data<T>(T value) => Results.Json(value, Json);

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, Json, statusCode: status);

    /// <summary>Only a path on this host ("/…", never "//host" or "/\host"): a sign-in never sends the browser elsewhere.</summary>
    internal static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
