using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlOps.Functions.Runtime;

/// <summary>The host's master, function and Event Grid keys, and their constant-time checks.</summary>
public sealed class FunctionKeys
{
    private readonly byte[] master;
    private readonly byte[] function;
    private readonly byte[] eventGrid;

    public FunctionKeys(string master, string function, string eventGrid)
    {
        Master = master;
        Function = function;
        EventGrid = eventGrid;
        this.master = Digest(master);
        this.function = Digest(function);
        this.eventGrid = Digest(eventGrid);
    }

    public string Master { get; }

    public string Function { get; }

    public string EventGrid { get; }

    public bool IsMaster(string? key) => Matches(key, master);

    public bool Allows(AuthorizationLevel level, string? key) => level switch
    {
        AuthorizationLevel.Anonymous => true,
        AuthorizationLevel.Function => Matches(key, function) | Matches(key, master),
        _ => Matches(key, master),
    };

    public bool AllowsEventGrid(string? key) => Matches(key, eventGrid) | Matches(key, master);

    /// <summary>
    /// Uses the configured keys; any that are missing are generated when <paramref name="localKeyFile"/>
    /// is given (kept there for later runs and for `mlops keys`), and refused otherwise.
    /// </summary>
    public static FunctionKeys Load(FunctionKeysOptions options, string? localKeyFile)
    {
        if (options.Master is { Length: > 0 } && options.Function is { Length: > 0 } && options.EventGrid is { Length: > 0 })
        {
            return new FunctionKeys(options.Master, options.Function, options.EventGrid);
        }
        if (localKeyFile is null)
        {
            throw new InvalidOperationException(
                "Function keys are not configured: set MlOps__Keys__Master, MlOps__Keys__Function and MlOps__Keys__EventGrid (in Azure, from Key Vault).");
        }
        var stored = ReadStored(localKeyFile);
        var keys = new FunctionKeys(
            options.Master.NullIfEmpty() ?? stored?.Master ?? NewKey(),
            options.Function.NullIfEmpty() ?? stored?.Function ?? NewKey(),
            options.EventGrid.NullIfEmpty() ?? stored?.EventGrid ?? NewKey());
        if (stored is null || stored.Master != keys.Master || stored.Function != keys.Function || stored.EventGrid != keys.EventGrid)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(localKeyFile)!);
            var temporary = localKeyFile + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new StoredKeys(keys.Master, keys.Function, keys.EventGrid)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temporary, localKeyFile, overwrite: true);
        }
        return keys;
    }

    private static StoredKeys? ReadStored(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The local key file '{path}' is not valid JSON ({e.Message}); delete it to generate new keys.", e);
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Comparing fixed-size digests keeps the comparison constant-time even when lengths differ.
    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static bool Matches(string? candidate, byte[] expected) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Digest(candidate), expected);

    private sealed record StoredKeys(string Master, string Function, string EventGrid);
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
