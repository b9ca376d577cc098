using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Reports.Views;
using MlOps.Surveys.Packages;
using Microsoft.Extensions.Options;

namespace MlOps.Functions.Dashboard;

/// <summary>The registry as the dashboard shows it: models, versions with their cards, rollout state.</summary>
public sealed class ModelQueries(ModelRegistryClient registry, ModelVersionIndex versions, ModelCardCache cards, SurveyBlobStore surveys, IOptions<DashboardOptions> options)
{
    public async Task<ModelSummaryView> SummaryAsync(string name, CancellationToken cancellationToken)
    {
        var versionsTask = versions.GetAsync(name, cancellationToken);
        var aliasesTask = registry.GetAliasesAsync(name, cancellationToken);
        var rolloutTask = registry.GetRolloutClient(name).GetStateAsync(cancellationToken);
        await Task.WhenAll(versionsTask, aliasesTask, rolloutTask);
        var aliases = aliasesTask.Result;
        var rollout = rolloutTask.Result;
        var champion = rollout?.ChampionVersion ?? aliases.Champion;
        double? accuracy = null;
        if (champion is { } version && versionsTask.Result.Contains(version))
        {
            accuracy = (await cards.GetAsync(name, version, cancellationToken)).GetMetric("accuracy");
        }
        return new ModelSummaryView(name, versionsTask.Result.Count, champion, rollout?.ChallengerVersion ?? aliases.Challenger,
            (rollout?.Mode ?? RolloutMode.None).ToString(), rollout?.ChallengerWeight ?? 0, accuracy);
    }

    /// <summary>A model with its newest versions (all of them when <paramref name="allVersions"/>), or null when it has none and no rollout.</summary>
    public async Task<ModelView?> GetAsync(string name, bool allVersions, CancellationToken cancellationToken)
    {
        var numbersTask = versions.GetAsync(name, cancellationToken);
        var aliasesTask = registry.GetAliasesAsync(name, cancellationToken);
        var rolloutTask = registry.GetRolloutClient(name).GetStateAsync(cancellationToken);
        var yearsTask = SurveyYearsAsync(name, cancellationToken);
        await Task.WhenAll(numbersTask, aliasesTask, rolloutTask, yearsTask);
        var numbers = numbersTask.Result;
        if (numbers.Count == 0 && rolloutTask.Result is null)
        {
            return null;
        }
        var shown = (allVersions ? numbers : numbers.TakeLast(Math.Max(1, options.Value.VersionsShown))).Reverse().ToList();
        var aliases = aliasesTask.Result;
        var versionCards = await cards.GetManyAsync(name, shown, cancellationToken);
        return new ModelView(
            name,
            aliases.Champion,
            aliases.Challenger,
            aliases.Previous,
            versionCards.Select(card => RegistryViews.Version(card, aliases)).ToList(),
            numbers.Count,
            rolloutTask.Result is { } rollout ? RegistryViews.Rollout(rollout) : null,
            yearsTask.Result);
    }

    public async Task<ModelVersionView?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        try
        {
            var cardTask = cards.GetAsync(name, version, cancellationToken);
            var aliasesTask = registry.GetAliasesAsync(name, cancellationToken);
            await Task.WhenAll(cardTask, aliasesTask);
            return RegistryViews.Version(cardTask.Result, aliasesTask.Result);
        }
        catch (ModelRegistryException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The years a site has surveys for (the years a map can be drawn on).</summary>
    public Task<IReadOnlyList<int>> SurveyYearsAsync(string site, CancellationToken cancellationToken) => surveys.ListYearsAsync(site, cancellationToken);
}
