using System.Globalization;
using System.Text;

namespace MlOps.Jobs.Tests;

/// <summary>What /proc says, read independently of the runner under test.</summary>
public static class LiveProcesses
{
    /// <summary>True while the pid exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>The job ids (MLOPS_JOB_ID) among <paramref name="jobIds"/> that have at least one live process.</summary>
    public static IReadOnlySet<string> JobsWithLiveProcesses(IEnumerable<string> jobIds)
    {
        var wanted = jobIds.ToHashSet();
        var alive = new HashSet<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string environ;
            try
            {
                environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var entry in environ.Split('\0'))
            {
                if (entry.StartsWith("MLOPS_JOB_ID=", StringComparison.Ordinal) && wanted.Contains(entry["MLOPS_JOB_ID=".Length..]) && IsAlive(pid))
                {
                    alive.Add(entry["MLOPS_JOB_ID=".Length..]);
                }
            }
        }
        return alive;
    }
}
