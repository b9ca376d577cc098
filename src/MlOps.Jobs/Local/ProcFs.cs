using System.Globalization;

namespace MlOps.Jobs.Local;

/// <summary>
/// What Linux's /proc says about processes. A pid alone is not an identity (pids are reused),
/// so processes are recognised by pid plus start time (field 22 of /proc/{pid}/stat, in clock
/// ticks since boot), and zombies count as dead.
/// </summary>
internal static class ProcFs
{
    internal readonly record struct ProcessStat(int Pid, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime)
    {
        public bool IsDead => State is 'Z' or 'X' or 'x';
    }

    internal readonly record struct ProcessIdentity(int Pid, ulong StartTime);

    public static ProcessStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ParseStat(pid, text);
    }

    /// <summary>Parses /proc/{pid}/stat. The command name (field 2) may hold spaces and parentheses, so fields are counted from its last ')'.</summary>
    public static ProcessStat? ParseStat(int pid, string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); field N is fields[N - 3].
        if (fields.Length < 20)
        {
            return null;
        }
        return new ProcessStat(
            pid,
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            int.Parse(fields[3], CultureInfo.InvariantCulture),
            ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    public static ProcessIdentity? Identify(int pid) => ReadStat(pid) is { } stat ? new ProcessIdentity(pid, stat.StartTime) : null;

    /// <summary>True while this very process (same pid and start time) exists and is not a zombie.</summary>
    public static bool IsAlive(ProcessIdentity identity) =>
        ReadStat(identity.Pid) is { } stat && stat.StartTime == identity.StartTime && !stat.IsDead;

    public static IEnumerable<int> AllPids()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The live (non-zombie) members of a process group.</summary>
    public static IReadOnlyList<int> LiveMembersOfGroup(int processGroup)
    {
        var members = new List<int>();
        foreach (var pid in AllPids())
        {
            if (ReadStat(pid) is { } stat && stat.ProcessGroup == processGroup && !stat.IsDead)
            {
                members.Add(pid);
            }
        }
        return members;
    }

    /// <summary>Live processes whose environment holds <paramref name="name"/>=<paramref name="value"/> (only those this user may read).</summary>
    public static IReadOnlyList<int> FindByEnvironment(string name, string value)
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes($"{name}={value}\0");
        var found = new List<int>();
        foreach (var pid in AllPids())
        {
            byte[] environ;
            try
            {
                environ = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (ContainsEntry(environ, wanted) && ReadStat(pid) is { IsDead: false })
            {
                found.Add(pid);
            }
        }
        return found;
    }

    private static bool ContainsEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> entry)
    {
        if (environ.StartsWith(entry))
        {
            return true;
        }
        // An entry elsewhere must start right after a NUL separator.
        for (var at = environ.IndexOf(entry); at > 0; )
        {
            if (environ[at - 1] == 0)
            {
                return true;
            }
            var next = environ[(at + 1)..].IndexOf(entry);
            if (next < 0)
            {
                return false;
            }
            at += 1 + next;
        }
        return false;
    }
}
