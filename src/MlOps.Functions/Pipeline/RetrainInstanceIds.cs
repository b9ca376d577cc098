using System.Security.Cryptography;
using System.Text;

namespace MlOps.Functions.Pipeline;

/// <summary>Instance ids of retrain runs. All of a site's runs share the prefix <c>retrain-{site}-</c>.</summary>
public static class RetrainInstanceIds
{
    public static string SitePrefix(string site) => $"retrain-{site}-";

    /// <summary>
    /// One id per site, year and manifest version: Event Grid's redeliveries and duplicate
    /// events for the same manifest write map to the same instance and collapse into one run,
    /// while a corrected manifest (new ETag) starts a new one.
    /// </summary>
    public static string ForManifest(string site, int year, string etag) =>
        $"{SitePrefix(site)}{year}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(etag.Trim('"'))))[..16]}";

    public static string ForSchedule(string site, DateTimeOffset scheduledFor) => $"{SitePrefix(site)}scheduled-{scheduledFor:yyyyMMddHHmmss}";

    public static string ForManual(string site, Guid id) => $"{SitePrefix(site)}manual-{id:N}";
}
