using MlOps.Infra.Tests.Bicep;
using MlOps.Infra.Tests.Images;
using MlOps.Infra.Tests.Settings;
using Xunit.Abstractions;

namespace MlOps.Infra.Tests;

/// <summary>
/// The settings the template (and the images) give the app and the trainer against the
/// settings the programs read, found by scanning their source: nothing given that is never
/// read, and the app builds every service from exactly what the template gives it.
/// </summary>
public sealed class TemplateSettingsTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_setting_the_template_gives_the_app_and_the_trial_job_is_one_they_read()
    {
        var unread = Unread(DeploymentFiles.AppContainer.Environment.Select(e => e.Name.Pattern), ScannedPrograms.App)
            .Concat(Unread(DeploymentFiles.TrialContainer.Environment.Select(e => e.Name.Pattern), ScannedPrograms.Trainer))
            .ToList();

        Assert.True(unread.Count == 0, "The template sets settings the programs never read:\n" + string.Join('\n', unread));
        output.WriteLine($"app: {DeploymentFiles.AppContainer.Environment.Count} settings, trial job: {DeploymentFiles.TrialContainer.Environment.Count}, all read.");
    }

    [Fact]
    public void Every_setting_an_image_sets_is_one_its_program_reads()
    {
        var unread = Unread(Dockerfile.Environment(DeploymentFiles.AppImage.Final).Keys, ScannedPrograms.App)
            .Concat(Unread(Dockerfile.Environment(DeploymentFiles.TrainerImage.Final).Keys, ScannedPrograms.Trainer))
            .ToList();

        Assert.True(unread.Count == 0, "The images set settings the programs never read:\n" + string.Join('\n', unread));
    }

    [Fact]
    public void A_setting_the_app_does_not_read_is_caught()
    {
        var unread = Unread(["MlOps__Pipeline__MaxRowsPerSurvey", "MlOps__Pipeline__MaxRowPerSurvey", "MlOps__Jobs__Runer"], ScannedPrograms.App).ToList();

        Assert.Equal(["app: MlOps__Pipeline__MaxRowPerSurvey", "app: MlOps__Jobs__Runer"], unread);
    }

    [Fact]
    public void The_scan_finds_the_settings_each_program_reads_through_options_sections_and_the_environment()
    {
        var app = ScannedPrograms.App;
        var trainer = ScannedPrograms.Trainer;
        foreach (var read in app.Reads)
        {
            output.WriteLine($"app: {read}");
        }

        // Bound options (through a local section), identity-based storage (through a parameter's default
        // and a helper's call site), host.json sections, the ASP.NET Core prefix and plain environment variables.
        Assert.NotNull(app.ReadOf("MlOps__Jobs__JobName"));
        Assert.NotNull(app.ReadOf("AzureWebJobsStorage__clientId"));
        Assert.NotNull(app.ReadOf("AzureFunctionsJobHost__extensions__durableTask__storageProvider__type"));
        Assert.NotNull(app.ReadOf("ASPNETCORE_URLS"));
        Assert.NotNull(app.ReadOf("MLOPS_STATE_DIR"));
        Assert.NotNull(trainer.ReadOf("MLOPS_TRIAL_SPEC"));
        Assert.NotNull(trainer.ReadOf("AzureWebJobsStorage__blobServiceUri"));
        // The trainer is no ASP.NET Core host and never reads the job runner's settings.
        Assert.Null(trainer.ReadOf("ASPNETCORE_URLS"));
        Assert.Null(trainer.ReadOf("MlOps__Jobs__JobName"));
    }

    [Fact]
    public void Every_setting_read_has_a_key_the_scan_can_name_except_indirect_ones()
    {
        // Two reads cannot have a fixed key: a setting that names another setting, and code that
        // walks the top-level settings and picks some itself (the OTEL_* export settings handed to trials).
        var unexplained = ScannedPrograms.App.Unresolved.Concat(ScannedPrograms.Trainer.Unresolved)
            .Where(r => !r.Unresolved!.Contains("a setting naming another setting", StringComparison.Ordinal)
                && !r.Unresolved.Contains("enumerates every top-level setting", StringComparison.Ordinal))
            .ToList();

        Assert.True(unexplained.Count == 0,
            "The scan cannot tell which settings these reads use; use a constant key (or a section) so the deployment check can see them:\n" + string.Join('\n', unexplained));
    }

    private static IEnumerable<string> Unread(IEnumerable<string> names, ProgramSettings program)
    {
        foreach (var name in names)
        {
            // A setting written in a loop ('MlOps__Retrain__Sites__*') stands for its items.
            if (program.ReadOf(name.Replace("*", "0", StringComparison.Ordinal)) is null)
            {
                yield return $"{(program == ScannedPrograms.App ? "app" : "trainer")}: {name}";
            }
        }
    }
}
