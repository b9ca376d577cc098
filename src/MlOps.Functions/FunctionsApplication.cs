using MlOps.Functions.Runtime;
using MlOps.Storage;
using MlOps.Storage.Configuration;

namespace MlOps.Functions;

/// <summary>
/// The composition root: configuration from host.json, local.settings.json and the
/// environment; storage (starting Azurite locally); the functions and their triggers.
/// Program.cs runs it; `mlops up` and the tests build the same application.
/// </summary>
public static class FunctionsApplication
{
    public const int DefaultLocalPort = 7071;

    public static WebApplication Create(string[] args, MlOpsPaths paths, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = paths.Root });
        builder.Configuration.AddFunctionsConfiguration(paths);
        builder.Configuration.AddCommandLine(args);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("AzureFunctionsJobHost:logging"));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = builder.Configuration.GetValue("Host:LocalHttpPort", DefaultLocalPort);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.Services.AddMlOpsStorage(builder.Configuration, paths);
        builder.Services.AddFunctions(builder.Configuration, paths, functions => { });
        builder.Services.AddHealthChecks();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapFunctions();
        return app;
    }
}
