using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Jobs.ContainerApps;
using MlOps.Jobs.Local;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Jobs.Tests;

public sealed class JobRunnerConfigurationTests
{
    private static readonly MlOpsPaths Paths = new(RepositoryPaths.NewWorkDirectory("jobs-config"));

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        more?.Invoke(services);
        services.AddJobRunner(configuration, Paths);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task By_default_the_local_runner_runs_the_trainer_with_records_under_the_state_folder()
    {
        await using var provider = Build([]);

        var runner = Assert.IsType<LocalProcessJobRunner>(provider.GetRequiredService<IJobRunner>());
        var options = provider.GetRequiredService<LocalProcessJobRunnerOptions>();

        Assert.Equal(Path.Combine(Paths.StateDirectory, "jobs"), runner.StateDirectory);
        Assert.Equal("dotnet", options.Command);
        Assert.Equal([Path.Combine(Paths.Root, "artifacts", "bin", "MlOps.Trainer", "release", "mlops-trainer.dll"), "{spec}"], options.Arguments!);
    }

    [Fact]
    public async Task The_local_runner_takes_its_command_slots_and_environment_from_MlOps_Jobs()
    {
        await using var provider = Build(new()
        {
            ["MlOps:Jobs:Runner"] = "local",
            ["MlOps:Jobs:Slots"] = "3",
            ["MlOps:Jobs:GpuSlots"] = "0",
            ["MlOps:Jobs:Command"] = "/usr/bin/python3",
            ["MlOps:Jobs:Arguments:0"] = "-m",
            ["MlOps:Jobs:Arguments:1"] = "trainer",
            ["MlOps:Jobs:Arguments:2"] = "{spec}",
            ["MlOps:Jobs:Environment:OMP_NUM_THREADS"] = "1",
            ["MlOps:Jobs:PollInterval"] = "00:00:02",
        });

        var options = provider.GetRequiredService<LocalProcessJobRunnerOptions>();
        var capacity = await provider.GetRequiredService<LocalProcessJobRunner>().GetCapacityAsync();

        Assert.Equal("/usr/bin/python3", options.Command);
        Assert.Equal(["-m", "trainer", "{spec}"], options.Arguments!);
        Assert.Equal("1", options.Environment["OMP_NUM_THREADS"]);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal((3, 0), (capacity.CpuSlots, capacity.GpuSlots));
    }

    [Fact]
    public async Task Runner_containerapps_gives_the_Azure_runner_with_the_registered_credential()
    {
        var credential = new FixedTokenCredential("t");
        await using var provider = Build(new()
        {
            ["MlOps:Jobs:Runner"] = "containerapps",
            ["MlOps:Jobs:SubscriptionId"] = FakeArm.Subscription,
            ["MlOps:Jobs:ResourceGroup"] = FakeArm.ResourceGroup,
            ["MlOps:Jobs:JobName"] = FakeArm.JobName,
            ["MlOps:Jobs:ArmEndpoint"] = "https://management.usgovcloudapi.net",
            ["MlOps:Jobs:PollInterval"] = "00:00:15",
        }, services => services.AddSingleton<TokenCredential>(credential));

        Assert.IsType<ContainerAppsJobRunner>(provider.GetRequiredService<IJobRunner>());
        var options = provider.GetRequiredService<ContainerAppsJobRunnerOptions>();
        Assert.Equal(new Uri("https://management.usgovcloudapi.net"), options.ArmEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PollInterval);
    }

    [Theory]
    [InlineData("containerapps", "JobName", null, "MlOps:Jobs:JobName is not set")]
    [InlineData("kubernetes", null, null, "MlOps:Jobs:Runner is 'kubernetes'")]
    [InlineData("local", "Slots", "0", "MlOps:Jobs:Slots is 0")]
    [InlineData("local", "ThreadsPerTrial", "0", "MlOps:Jobs:ThreadsPerTrial is 0")]
    public void Bad_settings_are_refused_naming_the_key(string runner, string? key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MlOps:Jobs:Runner"] = runner,
            ["MlOps:Jobs:SubscriptionId"] = FakeArm.Subscription,
            ["MlOps:Jobs:ResourceGroup"] = FakeArm.ResourceGroup,
            ["MlOps:Jobs:JobName"] = FakeArm.JobName,
        };
        if (key is not null)
        {
            settings[$"MlOps:Jobs:{key}"] = value;
        }

        var refused = Assert.Throws<InvalidOperationException>(() => Build(settings));

        Assert.Contains(expected, refused.Message);
    }
}
