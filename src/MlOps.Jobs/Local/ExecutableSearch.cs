namespace MlOps.Jobs.Local;

/// <summary>Finds a command on a PATH the way a shell does (the PATH given, not necessarily this process's own).</summary>
internal static class ExecutableSearch
{
    public static string? Find(string command, string? searchPath)
    {
        if (command.Contains('/'))
        {
            return IsExecutable(command) ? Path.GetFullPath(command) : null;
        }
        foreach (var directory in (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
