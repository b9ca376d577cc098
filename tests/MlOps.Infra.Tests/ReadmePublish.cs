using MlOps.Infra.Tests.Images;

namespace MlOps.Infra.Tests;

/// <summary>Runs the README's local build (the commands the images run) once for the tests that start the published programs.</summary>
public sealed class ReadmePublish : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        foreach (var project in new[] { "src/MlOps.Functions/MlOps.Functions.csproj", "src/MlOps.Trainer/MlOps.Trainer.csproj" })
        {
            var command = ReadmeDeployment.PublishCommand(InfraPaths.Readme, project);
            var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var run = await ProgramRun.RunAsync(parts[0], parts[1..], InfraPaths.Root);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"`{command}` failed with exit code {run.ExitCode}:\n{run.Output}");
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
