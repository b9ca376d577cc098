using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Features;

/// <summary>
/// The yearly packages of one site: every sub-directory of the site directory holding a
/// manifest.json (e.g. surveys/{site}/{year}/), ordered by the manifest's year.
/// </summary>
public sealed class SurveyCatalog
{
    private SurveyCatalog(string siteDirectory, IReadOnlyList<SurveyPackage> packages)
    {
        SiteDirectory = siteDirectory;
        Packages = packages;
    }

    public string SiteDirectory { get; }

    public IReadOnlyList<SurveyPackage> Packages { get; }

    public IReadOnlyList<int> Years => Packages.Select(p => p.Year).ToList();

    public static SurveyCatalog Open(string siteDirectory)
    {
        var full = Path.GetFullPath(siteDirectory);
        if (!Directory.Exists(full))
        {
            throw new SurveyPackageException([new SurveyValidationError(".", $"the site directory {full} does not exist.")]);
        }
        var packages = Directory.EnumerateDirectories(full)
            .Where(SurveyPackage.IsPackageDirectory)
            .Select(SurveyPackage.Open)
            .OrderBy(p => p.Year)
            .ToList();
        var duplicate = packages.GroupBy(p => p.Year).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SurveyPackageException(duplicate.Select(p => new SurveyValidationError(
                Path.Combine(Path.GetFileName(p.Directory), SurveyPackage.ManifestFile), $"year {duplicate.Key} appears in more than one package.")).ToList());
        }
        return new SurveyCatalog(full, packages);
    }

    /// <summary>
    /// The packages named by directories that are either packages themselves (holding a
    /// manifest.json) or site directories (whose yearly sub-directories are taken, by year).
    /// </summary>
    public static IReadOnlyList<SurveyPackage> ResolvePackages(IEnumerable<string> directories)
    {
        var packages = new List<SurveyPackage>();
        foreach (var directory in directories)
        {
            if (SurveyPackage.IsPackageDirectory(directory))
            {
                packages.Add(SurveyPackage.Open(directory));
                continue;
            }
            var site = Open(directory);
            if (site.Packages.Count == 0)
            {
                throw new SurveyPackageException([new SurveyValidationError(SurveyPackage.ManifestFile,
                    $"{Path.GetFullPath(directory)} is neither a survey package nor a site directory with yearly packages.")]);
            }
            packages.AddRange(site.Packages);
        }
        return packages;
    }

    /// <summary>The packages of every year up to and including <paramref name="throughYear"/>: the expanding training window.</summary>
    public IReadOnlyList<SurveyPackage> ExpandingWindow(int throughYear) => Packages.Where(p => p.Year <= throughYear).ToList();

    public SurveyPackage this[int year] =>
        Packages.FirstOrDefault(p => p.Year == year)
        ?? throw new KeyNotFoundException($"no {year} package under {SiteDirectory} (years: {string.Join(", ", Years)}).");
}
