using System.Diagnostics;

namespace MlOps.Testing;

/// <summary>
/// Runs scripts with Debian's Python (/usr/bin/python3), which has the reference libraries the
/// tests compare against (scikit-learn, XGBoost, onnx). Installed by eng/ensure-test-prereqs.sh.
/// </summary>
public static class DebianPython
{
    public const string Executable = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns its standard output or throws with its standard error.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PYTHONHASHSEED"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Executable} exited with {process.ExitCode}: {error.Result}");
        }
        return output;
    }
}
