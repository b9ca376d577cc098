namespace MlOps.Durable.Payloads;

/// <summary>Large payloads as files under a directory (the embedded default, next to the SQLite file).</summary>
public sealed class FileSystemPayloadStore(string directory) : IPayloadStore
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task WriteAsync(string name, string content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<string> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Durable payload '{name}' is missing from '{Directory}'.", path);
        }
        return await File.ReadAllTextAsync(path, cancellationToken);
    }

    public Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Escape);
        return Path.Combine([Directory, .. parts]);
    }

    // Instance ids may hold characters a file name cannot; keep names readable but safe.
    private static string Escape(string part)
    {
        var chars = part.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var safe = new string(chars);
        return safe == part && part is not ("." or "..") ? part : $"{safe}-{(uint)StableHash(part):x8}";
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }
            return hash;
        }
    }
}
