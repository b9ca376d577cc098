using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Infra.Tests.Images;

/// <summary>
/// A Dockerfile read into build stages: FROM (with ARG defaults declared before the first stage
/// substituted), RUN, COPY, ENV, WORKDIR, USER, EXPOSE, ENTRYPOINT, ARG. Comments and blank lines
/// are skipped; lines ending in '\' continue.
/// </summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyDictionary<string, string> globalArguments, IReadOnlyList<DockerStage> stages)
    {
        Path = path;
        GlobalArguments = globalArguments;
        Stages = stages;
    }

    public string Path { get; }

    /// <summary>ARGs declared before the first FROM, with their defaults.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"{Path} has no stage '{name}'.");

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var start = i + 1;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            }
            var space = text.IndexOf(' ');
            if (space < 0)
            {
                throw new InvalidDataException($"{path}({start}): '{text}' has no arguments.");
            }
            instructions.Add(new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), start));
        }
        var global = new Dictionary<string, string>();
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? image = null, name = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image!, name, current));
                }
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                image = Substitute(parts[0], global);
                name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
            }
            else if (current is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new InvalidDataException($"{path}({instruction.Line}): {instruction.Keyword} before the first FROM.");
                }
                var (key, value) = Assignment(instruction.Arguments);
                global[key] = value;
            }
            else
            {
                current.Add(instruction);
            }
        }
        if (current is null)
        {
            throw new InvalidDataException($"{path} has no FROM.");
        }
        stages.Add(new DockerStage(image!, name, current));
        return new Dockerfile(path, global, stages);
    }

    /// <summary>The stage's ARGs with their defaults.</summary>
    public static IReadOnlyDictionary<string, string> Arguments(DockerStage stage) =>
        stage.All("ARG").Select(a => Assignment(a.Arguments)).ToDictionary(a => a.Key, a => a.Value);

    /// <summary>The stage's ENV settings (key=value pairs, several per instruction allowed).</summary>
    public static IReadOnlyDictionary<string, string> Environment(DockerStage stage)
    {
        var environment = new Dictionary<string, string>();
        foreach (var instruction in stage.All("ENV"))
        {
            foreach (Match pair in EnvPair().Matches(instruction.Arguments))
            {
                environment[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
            }
        }
        return environment;
    }

    /// <summary>COPY instructions: the stage copied from (null for the build context), sources and destination.</summary>
    public static IEnumerable<(string? From, IReadOnlyList<string> Sources, string Destination, int Line)> Copies(DockerStage stage)
    {
        foreach (var copy in stage.All("COPY"))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            var from = parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
            parts.RemoveAll(p => p.StartsWith("--", StringComparison.Ordinal));
            yield return (from, parts[..^1], parts[^1], copy.Line);
        }
    }

    /// <summary>The exec-form ENTRYPOINT of a stage.</summary>
    public static IReadOnlyList<string> Entrypoint(DockerStage stage)
    {
        var entrypoint = stage.All("ENTRYPOINT").LastOrDefault() ?? throw new InvalidDataException("The stage has no ENTRYPOINT.");
        return JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? throw new InvalidDataException("ENTRYPOINT is not in exec form.");
    }

    public static string Substitute(string text, IReadOnlyDictionary<string, string> arguments) =>
        Reference().Replace(text, m => arguments.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    private static (string Key, string Value) Assignment(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? (text, "") : (text[..equals], text[(equals + 1)..].Trim('"'));
    }

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S+)")]
    private static partial Regex EnvPair();
}
