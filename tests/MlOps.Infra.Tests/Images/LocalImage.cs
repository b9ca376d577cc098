namespace MlOps.Infra.Tests.Images;

/// <summary>
/// An image's final stage laid out on this machine instead of in a container: the published
/// output the image copies (published here by the same command), the other files it copies from
/// the build context or from the ONNX Runtime stage, the folders it creates, and its ENV with the
/// container's paths mapped to these local ones. Its ENTRYPOINT runs with <see cref="Environment"/>.
/// </summary>
public sealed class LocalImage
{
    private LocalImage(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> entrypoint)
    {
        WorkingDirectory = workingDirectory;
        Environment = environment;
        Entrypoint = entrypoint;
    }

    /// <summary>The image's WORKDIR: the local published output.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The image's ENV, paths mapped.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The ENTRYPOINT, paths mapped: the program and its arguments.</summary>
    public IReadOnlyList<string> Entrypoint { get; }

    /// <param name="image">The Dockerfile.</param>
    /// <param name="contextRoot">The build context (the repository root), where the build stage ran its commands.</param>
    /// <param name="onnxRuntimeLibrary">The local file the ONNX Runtime stage stands for (the same package version and hash).</param>
    /// <param name="scratch">A folder for the directories the image creates.</param>
    public static LocalImage Prepare(Dockerfile image, string contextRoot, string onnxRuntimeLibrary, string scratch)
    {
        var build = image.Stage("build");
        var buildRoot = build.All("WORKDIR").Last().Arguments.TrimEnd('/');
        var workdir = image.Final.All("WORKDIR").Last().Arguments.TrimEnd('/');
        string FromContext(string path) => path.StartsWith(buildRoot + "/", StringComparison.Ordinal)
            ? Path.Combine(contextRoot, path[(buildRoot.Length + 1)..].TrimEnd('/'))
            : throw new InvalidDataException($"{image.Path}: {path} is outside the build stage's folder {buildRoot}.");

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var copies = Dockerfile.Copies(image.Final).ToList();
        var published = copies.Single(c => c.From == "build" && (c.Destination is "./" or "." || c.Destination.TrimEnd('/') == workdir));
        var local = FromContext(published.Sources.Single());
        if (!Directory.Exists(local))
        {
            throw new DirectoryNotFoundException($"{image.Path}({published.Line}) copies {published.Sources.Single()}, but {local} was not published.");
        }
        paths[workdir] = local;
        foreach (var copy in copies.Where(c => c != published))
        {
            var destination = copy.Destination.StartsWith('/') ? copy.Destination : $"{workdir}/{copy.Destination.TrimStart('.', '/')}";
            switch (copy.From)
            {
                case "build":
                    File.Copy(FromContext(copy.Sources.Single()), MapPath(destination, paths), overwrite: true);
                    break;
                case "onnxruntime" when Path.GetFileName(copy.Sources.Single()) == Path.GetFileName(onnxRuntimeLibrary):
                    paths[destination] = onnxRuntimeLibrary;
                    break;
                default:
                    throw new InvalidDataException($"{image.Path}({copy.Line}): the test cannot lay out a copy from '{copy.From}'.");
            }
        }
        foreach (var run in image.Final.All("RUN"))
        {
            foreach (var folder in run.Arguments.Split("&&").Select(c => c.Trim()).Where(c => c.StartsWith("mkdir -p ", StringComparison.Ordinal)).Select(c => c["mkdir -p ".Length..].Trim()))
            {
                var made = Path.Combine(scratch, folder.Trim('/').Replace('/', '-'));
                Directory.CreateDirectory(made);
                paths[folder] = made;
            }
        }
        var environment = Dockerfile.Environment(image.Final).ToDictionary(e => e.Key, e => paths.TryGetValue(e.Value, out var mapped) ? mapped : e.Value);
        var entrypoint = Dockerfile.Entrypoint(image.Final).Select((a, i) => i > 0 && !a.StartsWith('/') && File.Exists(Path.Combine(local, a)) ? Path.Combine(local, a) : a).ToList();
        return new LocalImage(local, environment, entrypoint);
    }

    private static string MapPath(string containerPath, IReadOnlyDictionary<string, string> paths)
    {
        var folder = paths.Keys.Where(p => containerPath.StartsWith(p + "/", StringComparison.Ordinal)).MaxBy(p => p.Length)
            ?? throw new InvalidDataException($"No local folder stands for {containerPath}.");
        return Path.Combine(paths[folder], containerPath[(folder.Length + 1)..]);
    }
}
