using MlOps.Surveys.Synthesis;

namespace MlOps.Surveys.Tests.Support;

/// <summary>
/// Small synthetic sites generated once per test run and shared by the tests that only read
/// them (never modify these directories: copy them first).
/// </summary>
public static class SyntheticSites
{
    private static readonly Lazy<Task<string>> ThreeYears = new(() => CreateAsync(size: 384, seed: 7, 2016, 2017, 2018));
    private static readonly Lazy<Task<string>> Small = new(() => CreateAsync(size: 256, seed: 11, 2016, 2017));

    /// <summary>384 × 384 pixels, years 2016–2018, seed 7.</summary>
    public static Task<string> ThreeYearSiteAsync() => ThreeYears.Value;

    /// <summary>256 × 256 pixels, years 2016–2017, seed 11.</summary>
    public static Task<string> SmallSiteAsync() => Small.Value;

    private static async Task<string> CreateAsync(int size, int seed, params int[] years)
    {
        var root = Path.Combine(Path.GetTempPath(), "mlops-surveys-tests", $"site-{size}-{seed}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var synthesizer = new SurveySynthesizer(new SurveySynthesisOptions { Size = size, Seed = seed });
        await synthesizer.WriteSiteAsync(root, years);
        return root;
    }

    /// <summary>A copy of a package directory that a test may damage.</summary>
    public static string CopyPackage(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return target;
    }
}
