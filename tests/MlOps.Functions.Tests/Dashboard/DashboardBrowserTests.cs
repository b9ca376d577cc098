using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Storage.Blobs;
using MlOps.Surveys.Features;
using MlOps.Surveys.Imaging;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;
using SeabedClasses = MlOps.Surveys.Imaging.SeabedClasses;
using static Microsoft.Playwright.Assertions;

namespace MlOps.Functions.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium driven by Playwright) after the demo's
/// story on a small scale: two yearly surveys uploaded one after the other, each retrained
/// through a small sweep of real trial processes, the second version in its canary rollout under
/// client traffic.
/// Screenshots of every page go to artifacts/test-results/screenshots/.
/// </summary>
public sealed class DashboardBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Site = "bedford";
    private const int SurveySize = 128;
    private const int MaxTrials = 4;

    private const string SweepSpec = """
        algorithm: random
        seed: 11
        objective: { metric: accuracy, direction: maximize }
        limits: { maxTrials: 4, parallelTrials: 2, maxFailedTrials: 2, trialTimeout: 5m, timeout: 10m }
        earlyStopping: { algorithm: median, minTrialsRequired: 2, startStep: 2 }
        parameters:
          - { name: model, type: categorical, values: [rf, gbdt] }
          - { name: trainingFraction, type: categorical, values: [0.5, 0.7] }
          - { name: embeddingSigma, type: double, min: 1.0e-3, max: 1, scale: log }
          - { name: embeddingDim, type: categorical, values: [0, 2] }
        """;

    private static string Screenshots => Path.Combine(RepositoryPaths.Root, "artifacts", "test-results", "screenshots");

    [Fact]
    public async Task The_dashboard_shows_the_runs_sweeps_heat_map_maps_and_canary_in_a_browser()
    {
        var surveys = RepositoryPaths.NewWorkDirectory("dashboard-surveys");
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string>
        {
            ["MlOps:Pipeline:SweepSpec"] = SweepSpec,
            ["MlOps:Pipeline:MaxRowsPerSurvey"] = "3000",
            ["MlOps:Pipeline:TrialPollInterval"] = "00:00:00.200",
            ["MlOps:Rollout:ShadowDuration"] = "00:00:00",
            ["MlOps:Rollout:StepDuration"] = "01:00:00",
            ["MlOps:Inference:MetricsFlushInterval"] = "00:00:00.200",
        });
        var storage = host.Services.GetRequiredService<BlobServiceClient>();

        // Two years, uploaded one after the other like the demo; each upload starts its own retrain run.
        var runs = new List<string>();
        var synthesizer = new SurveySynthesizer(new SurveySynthesisOptions { Site = Site, Size = SurveySize, Seed = 3 });
        foreach (var year in new[] { 2016, 2017 })
        {
            var folder = Path.Combine(surveys, year.ToString(CultureInfo.InvariantCulture));
            await synthesizer.WriteYearAsync(folder, year);
            await new SurveyBlobStore(storage, Path.Combine(surveys, "cache")).UploadAsync(Site, year, folder);
            var manifest = await storage.GetBlobContainerClient(SurveyBlobStore.ContainerName).GetBlobClient($"{Site}/{year}/manifest.json").GetPropertiesAsync();
            var run = RetrainInstanceIds.ForManifest(Site, year, manifest.ETag.ToString());
            await host.Durable.WaitForCreatedAndStartedAsync(run);
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var finished = await host.Durable.WaitForInstanceCompletionAsync(run, getInputsAndOutputs: true, deadline.Token);
            Assert.True(finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"run {run} ended {finished.RuntimeStatus}: {finished.SerializedCustomStatus}");
            runs.Add(run);
        }
        var sweepId = $"{runs[1]}-sweep";
        var sweep = (await host.Durable.GetInstanceAsync(sweepId, getInputsAndOutputs: true))!.ReadOutputAs<SweepResult>()!;
        Assert.Equal(MaxTrials, sweep.Trials.Count);

        // The second version's rollout, started by its run: straight to the first weight, whose step lasts past the test.
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        RolloutState? rollout;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((rollout = await registry.GetRolloutClient(Site).GetStateAsync(deadline.Token)) is not { Mode: RolloutMode.Canary, ChallengerVersion: 2 })
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        // Pixels whose classes are known: valid labelled pixels of the 2017 survey, the first of each class.
        using var reader = SurveyFeatureReader.Open(Path.Combine(surveys, "2017"));
        var labelled = reader.ReadLabelled();
        var known = Enumerable.Range(1, 5)
            .Select(c => Array.IndexOf(labelled.Labels, (byte)c))
            .Where(i => i >= 0)
            .Select(i => (X: labelled.PixelColumns[i], Y: labelled.PixelRows[i], Class: labelled.Labels[i]))
            .ToList();
        Assert.True(known.Count >= 3, "the 2017 survey's ground truth should hold several classes");

        // Client traffic through the canary router, until every host's counters are in storage.
        const int requests = 24;
        var client = new InferenceClient(host, Site);
        for (var i = 0; i < requests; i++)
        {
            var answer = await client.PredictAsync([labelled.Row(i).ToArray()], routingKey: $"client-{i}");
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        }
        var canary = host.Services.GetRequiredService<CanaryStatusClient>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await canary.GetVersionMetricsAsync(Site, deadline.Token)).Sum(v => v.ServedRequests) < requests)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        Directory.CreateDirectory(Screenshots);
        // A shared, busy machine: let assertions wait as long as actions do.
        SetDefaultExpectTimeout(60_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 120_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, BaseURL = host.Http.BaseAddress!.ToString() });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type} on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error on {page.Url}: {error}");
        page.RequestFailed += (_, request) =>
        {
            // Leaving a live page cancels its refresh; that is the browser's doing, not a failure.
            if (request.Failure != "net::ERR_ABORTED")
            {
                problems.Add($"request failed: {request.Url} ({request.Failure})");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} for {response.Url}");
            }
        };

        // Overview: signed in by the key in the address, which is then dropped from it.
        await page.GotoAsync($"/?code={Uri.EscapeDataString(host.Keys.Function)}");
        Assert.Equal(new Uri(host.Http.BaseAddress!, "/").ToString(), page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("section.site[data-site=bedford] table.surveys tbody tr")).ToHaveCountAsync(2);
        await Shoot(page, "overview");

        // The run of 2017: drift, sweep, evaluation, card, maps.
        await page.GotoAsync($"/dashboard/runs/{runs[1]}");
        await Expect(page.Locator("#drift svg.drift-psi")).ToBeVisibleAsync();
        await Expect(page.Locator("#evaluation svg.model-year").First).ToBeVisibleAsync();
        await Expect(page.Locator("#maps img.map")).ToHaveCountAsync(6);
        await WaitForImagesAsync(page);
        await Shoot(page, "run");

        // The sweep: one table row and one plotted mark per trial.
        await page.GotoAsync($"/dashboard/sweeps/{sweepId}");
        await Expect(page.Locator("table.trials tbody tr")).ToHaveCountAsync(MaxTrials);
        foreach (var trial in sweep.Trials)
        {
            await Expect(page.Locator($"table.trials tr[data-trial={trial.TrialId}]")).ToContainTextAsync(trial.Status.ToString());
        }
        Assert.Equal(MaxTrials, await page.Locator("svg.objective-plot [class^=trial]").CountAsync());
        await Shoot(page, "sweep");

        // The registry: the model × year heat map has a coloured cell for each version and year, drawn at its size.
        await page.GotoAsync($"/dashboard/models/{Site}");
        var heatMap = page.Locator("svg.model-year").First;
        await Expect(heatMap).ToBeVisibleAsync();
        Assert.Equal(2 * 2, await heatMap.Locator("rect.cell").CountAsync());
        var box = (await heatMap.BoundingBoxAsync())!;
        Assert.Equal(double.Parse((await heatMap.GetAttributeAsync("width"))!, CultureInfo.InvariantCulture), box.Width, 0.5);
        Assert.True(box.Height > 60, $"the heat map is {box.Width}×{box.Height}");
        var fills = await heatMap.Locator("rect.cell").EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('fill'))");
        Assert.All(fills, fill => Assert.Matches("^#[0-9a-f]{6}$", fill));
        await Shoot(page, "model");

        // A map: three pictures at the survey's size; Chromium decodes them to the class colours at known pixels.
        await page.GotoAsync($"/dashboard/maps/{Site}/2/2017");
        await Expect(page.Locator("img.map")).ToHaveCountAsync(3);
        await WaitForImagesAsync(page);
        foreach (var kind in new[] { "predicted", "truth", "disagreement" })
        {
            var size = await page.Locator($"img.map.{kind}").EvaluateAsync<int[]>("image => [image.naturalWidth, image.naturalHeight]");
            Assert.Equal([SurveySize, SurveySize], size);
        }
        var colours = await page.Locator("img.map.truth").EvaluateAsync<string[]>("""
            (image, points) => {
              const canvas = document.createElement('canvas');
              canvas.width = image.naturalWidth;
              canvas.height = image.naturalHeight;
              const context = canvas.getContext('2d', { willReadFrequently: true });
              context.drawImage(image, 0, 0);
              return points.map(([x, y]) => {
                const [r, g, b] = context.getImageData(x, y, 1, 1).data;
                return '#' + [r, g, b].map(v => v.toString(16).padStart(2, '0')).join('');
              });
            }
            """, known.Select(k => new[] { k.X, k.Y }).ToArray());
        for (var i = 0; i < known.Count; i++)
        {
            Assert.Equal(SeabedClasses.For(known[i].Class).Hex, colours[i], ignoreCase: true);
        }
        await Expect(page.Locator("svg.legend rect.swatch")).ToHaveCountAsync(SeabedClasses.All.Count + 4);
        await Shoot(page, "map");

        // The canary page: the current weights as the rollout state has them, the weights over time, what each version served.
        await page.GotoAsync($"/dashboard/models/{Site}/rollout");
        var weight = rollout.ChallengerWeight.ToString("0.#", CultureInfo.InvariantCulture);
        var championWeight = (100 - rollout.ChallengerWeight).ToString("0.#", CultureInfo.InvariantCulture);
        await Expect(page.Locator("svg.weight-bar text.weight-label")).ToHaveTextAsync($"challenger weight {weight} % of routing keys");
        await Expect(page.Locator("svg.weight-bar")).ToContainTextAsync($"champion v1 {championWeight} %");
        await Expect(page.Locator("svg.weights-plot path.challenger-weight")).ToHaveCountAsync(1);
        await Expect(page.Locator("section.rollout")).ToContainTextAsync($"rollout-{Site}-v2");
        var served = await page.Locator("table.traffic td.served").AllTextContentsAsync();
        Assert.Equal(requests, served.Sum(text => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        await Shoot(page, "canary");

        // The report of the run downloads as one file with its pictures inside.
        var report = await page.APIRequest.GetAsync($"/dashboard/runs/{runs[1]}/report");
        Assert.Equal(200, report.Status);
        var html = await report.TextAsync();
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("<script", html);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Directory.Delete(surveys, recursive: true);
    }

    /// <summary>Waits until every map picture on the page has loaded (they are rendered on first request).</summary>
    private static Task WaitForImagesAsync(IPage page) =>
        page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.map')].every(image => image.complete && image.naturalWidth > 0)",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });

    private static Task Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"dashboard-{name}.png"), FullPage = true });
}
