using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Infra.Tests.Bicep;
using MlOps.Infra.Tests.Images;

namespace MlOps.Infra.Tests;

/// <summary>
/// What the Dockerfiles do, read without a Docker engine: the same publish commands as the
/// README, pinned base images, a non-root user, the ONNX Runtime library of the lock file, no
/// local settings, and the port the template routes to.
/// </summary>
public sealed partial class ImageBuildTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "src/MlOps.Functions/Dockerfile", "src/MlOps.Functions/MlOps.Functions.csproj" },
        { "src/MlOps.Trainer/Dockerfile", "src/MlOps.Trainer/MlOps.Trainer.csproj" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_builds_with_the_readme_publish_command_and_copies_its_output(string dockerfile, string project)
    {
        var image = Dockerfile.Load(Path.Combine(InfraPaths.Root, dockerfile));
        var readme = ReadmeDeployment.PublishCommand(InfraPaths.Readme, project);
        var build = image.Stage("build");

        var dotnetCommands = build.All("RUN").Select(r => ReadmeDeployment.Normalize(r.Arguments)).Where(c => c.StartsWith("dotnet ", StringComparison.Ordinal)).ToList();

        Assert.Equal([ReadmeDeployment.Normalize(readme)], dotnetCommands);
        var workdir = build.All("WORKDIR").Last().Arguments;
        var published = Dockerfile.Copies(image.Final).Single(c => c.From == "build" && c.Sources.Single().Contains("/publish/", StringComparison.Ordinal)).Sources.Single();
        Assert.Equal($"{workdir}/{PublishOutput(project)}/", published);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_pins_exact_dotnet_images_and_runs_as_a_non_root_user(string dockerfile, string project)
    {
        var image = Dockerfile.Load(Path.Combine(InfraPaths.Root, dockerfile));

        foreach (var stage in image.Stages)
        {
            Assert.Matches(PinnedDotnetImage(), stage.Image);
        }
        var user = image.Final.All("USER").LastOrDefault()?.Arguments;
        Assert.NotNull(user);
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("$APP_UID", user);
        Assert.Equal(["dotnet", Settings.ProjectClosure.AssemblyName(Path.Combine(InfraPaths.Root, project)) + ".dll"], Dockerfile.Entrypoint(image.Final));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_carries_the_onnx_runtime_library_the_tests_load(string dockerfile, string project)
    {
        _ = project;
        var image = Dockerfile.Load(Path.Combine(InfraPaths.Root, dockerfile));
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraPaths.Root, "package-lock.json")));
        var package = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/onnxruntime-node");
        var integrity = package.GetProperty("integrity").GetString()!;
        Assert.StartsWith("sha512-", integrity, StringComparison.Ordinal);

        var arguments = Dockerfile.Arguments(image.Stage("onnxruntime"));

        Assert.Equal(package.GetProperty("version").GetString(), arguments["ONNXRUNTIME_VERSION"]);
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(integrity["sha512-".Length..])), arguments["ONNXRUNTIME_SHA512"]);
        var library = Dockerfile.Copies(image.Final).Single(c => c.From == "onnxruntime").Destination;
        Assert.Equal(library, Dockerfile.Environment(image.Final)["MLOPS_ONNXRUNTIME_LIBRARY"]);
        Assert.Equal("libonnxruntime.so.1", Path.GetFileName(library));
    }

    [Fact]
    public void Local_settings_never_reach_an_image()
    {
        var ignored = File.ReadAllLines(Path.Combine(InfraPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToList();

        Assert.Contains("local.settings.json", ignored);
        foreach (var image in new[] { DeploymentFiles.AppImage, DeploymentFiles.TrainerImage })
        {
            Assert.DoesNotContain(Dockerfile.Copies(image.Final), c => c.Sources.Any(s => s.Contains("local.settings", StringComparison.Ordinal) || s == "."));
        }
    }

    [Fact]
    public void The_app_listens_on_the_port_the_template_routes_to_and_probes()
    {
        var final = DeploymentFiles.AppImage.Final;
        var port = int.Parse(Port().Match(Dockerfile.Environment(final)["ASPNETCORE_URLS"]).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), final.All("EXPOSE").Single().Arguments);
        var app = DeploymentFiles.AppContainer;
        Assert.Equal(new BicepNumberValue(port), app.TargetPort);
        var evaluator = DeploymentFiles.Template.Evaluator(DeploymentFiles.Template.Files.Single(f => f.Path == app.File));
        var probes = (BicepArrayValue)evaluator.Variable("probes");
        Assert.All(probes.Items, p => Assert.Equal(new BicepNumberValue(port), (((BicepObjectValue)p)["httpGet"] as BicepObjectValue)?["port"]));
    }

    private static string PublishOutput(string project) => $"artifacts/publish/{Path.GetFileNameWithoutExtension(project)}/release";

    [GeneratedRegex(@"^mcr\.microsoft\.com/dotnet/(sdk|aspnet|runtime):10\.0\.\d+(@sha256:[0-9a-f]{64})?$")]
    private static partial Regex PinnedDotnetImage();

    [GeneratedRegex(@":(?<port>\d+)$")]
    private static partial Regex Port();
}
