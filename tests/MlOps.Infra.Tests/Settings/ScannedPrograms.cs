using MlOps.Infra.Tests.Settings;

namespace MlOps.Infra.Tests.Settings;

/// <summary>The app's and the trainer's settings, scanned once per test run (the scan compiles every project).</summary>
public static class ScannedPrograms
{
    private static readonly Lazy<ProgramSettings> AppSettings = new(() => SettingsScanner.Scan(InfraPaths.AppProject, ReferenceDirectories));
    private static readonly Lazy<ProgramSettings> TrainerSettings = new(() => SettingsScanner.Scan(InfraPaths.TrainerProject, ReferenceDirectories));

    public static ProgramSettings App => AppSettings.Value;

    public static ProgramSettings Trainer => TrainerSettings.Value;

    /// <summary>The assemblies the programs compile against: the tests' own output (every package the app uses) and the shared frameworks.</summary>
    private static string[] ReferenceDirectories =>
    [
        AppContext.BaseDirectory,
        Path.GetDirectoryName(typeof(object).Assembly.Location)!,
        Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
    ];
}
