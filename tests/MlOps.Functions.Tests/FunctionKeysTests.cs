using MlOps.Functions.Runtime;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class FunctionKeysTests
{
    [Fact]
    public void The_function_level_takes_either_key_and_the_admin_level_only_the_master()
    {
        var keys = new FunctionKeys("master-key", "function-key", "eventgrid-key", "durable-key");

        Assert.True(keys.Allows(AuthorizationLevel.Function, "function-key"));
        Assert.True(keys.Allows(AuthorizationLevel.Function, "master-key"));
        Assert.False(keys.Allows(AuthorizationLevel.Function, "function-key "));
        Assert.False(keys.Allows(AuthorizationLevel.Function, null));
        Assert.False(keys.Allows(AuthorizationLevel.Admin, "function-key"));
        Assert.True(keys.Allows(AuthorizationLevel.Admin, "master-key"));
        Assert.True(keys.Allows(AuthorizationLevel.Anonymous, null));
        Assert.True(keys.AllowsEventGrid("eventgrid-key"));
        Assert.False(keys.AllowsEventGrid("function-key"));
        Assert.True(keys.AllowsDurableTask("durable-key"));
        Assert.False(keys.AllowsDurableTask("function-key"));
    }

    [Fact]
    public void Local_keys_are_generated_once_and_reused()
    {
        var folder = RepositoryPaths.NewWorkDirectory("keys");
        var file = Path.Combine(folder, "keys.json");

        var first = FunctionKeys.Load(new FunctionKeysOptions(), file);
        var second = FunctionKeys.Load(new FunctionKeysOptions(), file);
        var configured = FunctionKeys.Load(new FunctionKeysOptions { Function = "from-settings" }, file);

        Assert.Equal(first.Master, second.Master);
        Assert.Equal(first.Function, second.Function);
        Assert.NotEqual(first.Master, first.Function);
        Assert.True(first.Master.Length >= 40);
        Assert.Equal("from-settings", configured.Function);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Outside_local_development_missing_keys_stop_the_host_with_the_setting_names()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionKeys.Load(new FunctionKeysOptions { Master = "m" }, localKeyFile: null));

        Assert.Contains("MlOps__Keys__Function", error.Message, StringComparison.Ordinal);
    }
}
