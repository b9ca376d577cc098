
namespace MlOps.Reports.Html;

/// <summary>The dashboard's static files (stylesheet, script, icon), embedded in this assembly so the host and reports need no files on disk.</summary>
public static class DashboardAssets
{
    public const string Stylesheet = "dashboard.css";
    public const string Script = "dashboard.js";
    public const string Icon = "favicon.svg";

    private static readonly Dictionary<string, byte[]> Files = Load();

    public static IReadOnlyCollection<string> Names => Files.Keys;

    /// <summary>The file's bytes and content type, or null when there is no such asset.</summary>
    public static (byte[] Content, string ContentType)? Find(string name) =>
        Files.TryGetValue(name, out var content) ? (content, ContentTypeOf(name)) : null;

    public static string Text(string name) =>
        Files.TryGetValue(name, out var content) ? System.Text.Encoding.UTF8.GetString(content) : throw new KeyNotFoundException($"no dashboard asset '{name}'.");

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static Dictionary<string, byte[]> Load()
    {
        const string prefix = "MlOps.Reports.Assets.";
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[prefix.Length..]] = buffer.ToArray();
        }
        return files;
    }
}
