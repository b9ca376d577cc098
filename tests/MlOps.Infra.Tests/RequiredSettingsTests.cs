using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Functions;
using MlOps.Storage.Configuration;
using MlOps.Testing;
using Xunit.Abstractions;

namespace MlOps.Infra.Tests;

/// <summary>
/// The app, configured with exactly the settings the template gives it (Azure-only values stood
/// in), builds and constructs every service and binds every options type: a setting the app
/// requires and the template does not provide fails here, named by the app's own error.
/// </summary>
public sealed class RequiredSettingsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory home = new("infra-required");

    [Fact]
    public async Task The_app_builds_every_service_from_only_what_the_template_gives_it()
    {
        var (failures, resolved) = await BuildAsync(TemplateEnvironment());

        Assert.True(failures.Count == 0, "With the template's settings the app fails to build:\n" + string.Join('\n', failures));
        Assert.True(resolved > 50, $"only {resolved} services were built");
        output.WriteLine($"{resolved} services and options built from the template's {DeploymentFiles.AppContainer.Environment.Count} settings.");
    }

    [Theory]
    [InlineData("MlOps__Keys__EventGrid", "MlOps__Keys__EventGrid")]
    [InlineData("MlOps__Jobs__JobName", "MlOps:Jobs:JobName")]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__blobServiceUri")]
    [InlineData("AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionString", "storageProvider.connectionString")]
    public async Task Without_a_setting_it_requires_the_app_fails_to_build_and_names_it(string removed, string named)
    {
        var environment = TemplateEnvironment();
        Assert.True(environment.Remove(removed), $"the template does not set {removed}");

        var (failures, _) = await BuildAsync(environment);

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    private Dictionary<string, string> TemplateEnvironment()
    {
        var secrets = new Dictionary<string, string>
        {
            ["mlops-keys-master"] = NewKey(),
            ["mlops-keys-function"] = NewKey(),
            ["mlops-keys-eventgrid"] = NewKey(),
            ["mlops-keys-durabletask"] = NewKey(),
            ["durable-store-connection"] = "Host=127.0.0.1;Port=1;Database=mlops;Username=standin;Password=standin",
        };
        return AzureStandIns.Environment(DeploymentFiles.AppContainer, secrets);
    }

    private async Task<(List<string> Failures, int Resolved)> BuildAsync(IReadOnlyDictionary<string, string> environment)
    {
        File.Copy(Path.Combine(RepositoryPaths.Root, "host.json"), home.File("host.json"), overwrite: true);
        var paths = new MlOpsPaths(home.Path, home.File("state"));
        // Settings arrive as they would from the environment, after host.json: on the command line, which wins over both.
        var args = environment.Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={e.Value}").Append("--urls=http://127.0.0.1:0").ToArray();
        IServiceCollection? services = null;
        WebApplication app;
        try
        {
            app = FunctionsApplication.Create(args, paths, builder => services = builder.Services);
        }
        catch (Exception e)
        {
            return ([Innermost(e).Message], 0);
        }
        var failures = new List<string>();
        var resolved = 0;
        await using (app)
        {
            foreach (var descriptor in services!.Where(d => d.Lifetime == ServiceLifetime.Singleton && !d.ServiceType.ContainsGenericParameters).DistinctBy(d => (d.ServiceType, d.ServiceKey)))
            {
                try
                {
                    if (descriptor.IsKeyedService)
                    {
                        app.Services.GetRequiredKeyedService(descriptor.ServiceType, descriptor.ServiceKey);
                    }
                    else
                    {
                        app.Services.GetServices(descriptor.ServiceType).ToList();
                    }
                    resolved++;
                }
                catch (Exception e)
                {
                    failures.Add($"{descriptor.ServiceType.Name}: {Innermost(e).Message}");
                }
            }
            var optionsTypes = services!.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
                .Select(d => d.ServiceType.GetGenericArguments()[0]).Distinct();
            foreach (var type in optionsTypes)
            {
                try
                {
                    var options = app.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                    options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
                    resolved++;
                }
                catch (Exception e)
                {
                    failures.Add($"options {type.Name}: {Innermost(e).Message}");
                }
            }
        }
        return (failures, resolved);
    }

    private static Exception Innermost(Exception e) => e is TargetInvocationException or AggregateException && e.InnerException is { } inner ? Innermost(inner) : e;

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => home.Dispose();
}
