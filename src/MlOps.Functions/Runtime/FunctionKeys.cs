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
    private readonly byte[] durableTask;

    public FunctionKeys(string master, string function, string eventGrid, string durableTask)
    {
        Master = master;
        Function = function;
        EventGrid = eventGrid;
        DurableTask = durableTask;
        this.master = Digest(master);
        this.function = Digest(function);
        this.eventGrid = Digest(eventGrid);
        this.durableTask = Digest(durableTask);
    }

    public string Master { get; }

    public string Function { get; }

    public string EventGrid { get; }

    /// <summary>The system key that the durable management links carry, so handing out a status URL never hands out the master key.</summary>
    public string DurableTask { get; }

    public bool IsMaster(string? key) => Matches(key, master);

    public bool Allows(AuthorizationLevel level, string? key) => level switch
    {
        AuthorizationLevel.Anonymous => true,
        AuthorizationLevel.Function => Matches(key, function) | Matches(key, master),
        _ => Matches(key, master),
    };

    public bool AllowsEventGrid(string? key) => Matches(key, eventGrid) | Matches(key, master);

    public bool AllowsDurableTask(string? key) => Matches(key, durableTask) | Matches(key, master);

    /// <summary>
    /// Uses the configured keys; any that are missing are generated when <paramref name="localKeyFile"/>
    /// is given (kept there for later runs and for `mlops keys`), and refused otherwise.
    /// </summary>
    public static FunctionKeys Load(FunctionKeysOptions options, string? localKeyFile)
    {
        if (options.Master is { Length: > 0 } && options.Function is { Length: > 0 } && options.EventGrid is { Length: > 0 } && options.DurableTask is { Length: > 0 })
        {
            return new FunctionKeys(options.Master, options.Function, options.EventGrid, options.DurableTask);
        }
        if (localKeyFile is null)
        {
            throw new InvalidOperationException(
                "Function keys are not configured: set MlOps__Keys__Master, MlOps__Keys__Function, MlOps__Keys__EventGrid and MlOps__Keys__DurableTask (in Azure, from Key Vault).");
        }
        var stored = ReadStored(localKeyFile);
        var keys = new FunctionKeys(
            options.Master.NullIfEmpty() ?? stored?.Master ?? NewKey(),
            options.Function.NullIfEmpty() ?? stored?.Function ?? NewKey(),
            options.EventGrid.NullIfEmpty() ?? stored?.EventGrid ?? NewKey(),
            options.DurableTask.NullIfEmpty() ?? stored?.DurableTask ?? NewKey());
        if (stored != new StoredKeys(keys.Master, keys.Function, keys.EventGrid, keys.DurableTask))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(localKeyFile)!);
            var temporary = localKeyFile + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new StoredKeys(keys.Master, keys.Function, keys.EventGrid, keys.DurableTask)));
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

    private sealed record StoredKeys(string Master, string Function, string EventGrid, string? DurableTask);
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string? value) => string.IsNullOrEmpty(value) ? null : value;
}
