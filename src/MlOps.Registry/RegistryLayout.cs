using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.Registry;

/// <summary>
/// Where things live in the registry container:
/// <c>{name}/{version}/model.onnx</c>, <c>{name}/{version}/card.json</c>,
/// <c>{name}/aliases.json</c>, <c>{name}/rollout.json</c> and <c>{name}/runs/{sha256(runId)}.json</c>
/// (which version a training run became, so a retried registration finds it).
/// </summary>
internal static class RegistryLayout
{
    public const string ModelFile = "model.onnx";
    public const string CardFile = "card.json";
    public const string AliasesFile = "aliases.json";
    public const string RolloutFile = "rollout.json";
    public const string RunsFolder = "runs";

    /// <summary>Blob metadata tying a card to the model.onnx it describes; a version is registered only when both carry the same value.</summary>
    public const string RegistrationMetadata = "registration";

    /// <summary>Blob metadata on card.json: the SHA-256 of the run id, so listings find a run's version without reading cards.</summary>
    public const string RunMetadata = "run";

    /// <summary>Blob metadata on a model.onnx that was abandoned (emptied) by cleanup or a withdrawn duplicate.</summary>
    public const string AbandonedMetadata = "abandoned";

    public static string ModelPrefix(string name) => name + "/";

    public static string ModelBlob(string name, int version) => $"{name}/{Format(version)}/{ModelFile}";

    public static string CardBlob(string name, int version) => $"{name}/{Format(version)}/{CardFile}";

    public static string AliasesBlob(string name) => $"{name}/{AliasesFile}";

    public static string RolloutBlob(string name) => $"{name}/{RolloutFile}";

    public static string RunBlob(string name, string runId) => $"{name}/{RunsFolder}/{RunKey(runId)}.json";

    public static string RunKey(string runId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)));

    /// <summary>Parses <c>{name}/{version}/{file}</c>; false for anything else under the model's folder.</summary>
    public static bool TryParseVersionBlob(string name, string blobName, out int version, out string file)
    {
        version = 0;
        file = "";
        var prefix = ModelPrefix(name);
        if (!blobName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = blobName.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[(slash + 1)..].Contains('/'))
        {
            return false;
        }
        var number = rest[..slash];
        // Canonical numbers only ("7", never "07"), so one version has one folder.
        if (number[0] == '0' || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            return false;
        }
        file = rest[(slash + 1)..].ToString();
        return true;
    }

    private static string Format(int version) => version.ToString(CultureInfo.InvariantCulture);
}
