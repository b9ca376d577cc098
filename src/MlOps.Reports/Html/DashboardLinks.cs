using System.Globalization;

namespace MlOps.Reports.Html;

/// <summary>
/// Where the dashboard's pages live. Pages link through this; a report renders the same
/// sections with <see cref="None"/>, so it carries no links to a dashboard it cannot reach.
/// </summary>
public class DashboardLinks
{
    public const string Root = "/dashboard";

    /// <summary>Links that point nowhere: every method returns null and the text stays plain.</summary>
    public static DashboardLinks None { get; } = new NoLinks();

    public virtual string? Overview() => "/";

    public virtual string? Runs(string? site = null, string? status = null, int page = 1)
    {
        var query = new List<string>();
        if (site is not null)
        {
            query.Add("site=" + Uri.EscapeDataString(site));
        }
        if (status is not null)
        {
            query.Add("status=" + Uri.EscapeDataString(status));
        }
        if (page > 1)
        {
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }
        return $"{Root}/runs" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    public virtual string? Run(string instanceId) => $"{Root}/runs/{Uri.EscapeDataString(instanceId)}";

    public virtual string? RunReport(string instanceId) => $"{Root}/runs/{Uri.EscapeDataString(instanceId)}/report";

    public virtual string? Sweep(string sweepId) => $"{Root}/sweeps/{Uri.EscapeDataString(sweepId)}";

    public virtual string? Models() => $"{Root}/models";

    public virtual string? Model(string name) => $"{Root}/models/{Uri.EscapeDataString(name)}";

    public virtual string? ModelVersion(string name, int version) =>
        $"{Root}/models/{Uri.EscapeDataString(name)}/versions/{version.ToString(CultureInfo.InvariantCulture)}";

    public virtual string? Rollout(string name) => $"{Root}/models/{Uri.EscapeDataString(name)}/rollout";

    public virtual string? MapPage(string name, int version, int year) =>
        $"{Root}/maps/{Uri.EscapeDataString(name)}/{version.ToString(CultureInfo.InvariantCulture)}/{year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The PNG of one of a map's pictures: predicted, truth or disagreement.</summary>
    public virtual string? MapImage(string name, int version, int year, string kind) =>
        $"{Root}/maps/{Uri.EscapeDataString(name)}/{version.ToString(CultureInfo.InvariantCulture)}/{year.ToString(CultureInfo.InvariantCulture)}/{kind}.png";

    public virtual string? Asset(string file) => $"{Root}/static/{file}";

    public virtual string? Logout() => $"{Root}/logout";

    private sealed class NoLinks : DashboardLinks
    {
        public override string? Overview() => null;

        public override string? Runs(string? site = null, string? status = null, int page = 1) => null;

        public override string? Run(string instanceId) => null;

        public override string? RunReport(string instanceId) => null;

        public override string? Sweep(string sweepId) => null;

        public override string? Models() => null;

        public override string? Model(string name) => null;

        public override string? ModelVersion(string name, int version) => null;

        public override string? Rollout(string name) => null;

        public override string? MapPage(string name, int version, int year) => null;

        public override string? MapImage(string name, int version, int year, string kind) => null;

        public override string? Asset(string file) => null;

        public override string? Logout() => null;
    }
}
