namespace MlOps.Durable.Runtime;

/// <summary>Idle polling that starts fast and doubles up to a ceiling; any work found resets it.</summary>
internal sealed class PollingBackoff(TimeSpan maximum)
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(5);
    private TimeSpan current = Minimum;

    public TimeSpan Next()
    {
        var wait = current;
        current = TimeSpan.FromTicks(Math.Min(maximum.Ticks, current.Ticks * 2));
        return wait < maximum ? wait : maximum;
    }

    public void Reset() => current = Minimum;
}
