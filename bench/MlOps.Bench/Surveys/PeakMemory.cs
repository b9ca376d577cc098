using System.Diagnostics;

namespace MlOps.Bench.Surveys;

/// <summary>
/// Peak resident memory of this process over a stretch of work: Linux's high-water mark
/// (VmHWM), reset at the start by writing 5 to /proc/self/clear_refs. Where that is not
/// possible the process's lifetime peak is reported and <see cref="Scope"/> says so.
/// </summary>
internal sealed class PeakMemory
{
    private PeakMemory(string scope)
    {
        Scope = scope;
        BaselineBytes = Read("VmRSS:");
    }

    public string Scope { get; }

    /// <summary>Resident memory when the measurement started (the runtime, and what earlier work left behind).</summary>
    public long BaselineBytes { get; }

    public static PeakMemory Start(string what)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return new PeakMemory(what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PeakMemory("whole process (the peak could not be reset)");
        }
    }

    public long PeakBytes() => Read("VmHWM:");

    private static long Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return kilobytes * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        using var process = Process.GetCurrentProcess();
        return field == "VmRSS:" ? process.WorkingSet64 : process.PeakWorkingSet64;
    }
}
