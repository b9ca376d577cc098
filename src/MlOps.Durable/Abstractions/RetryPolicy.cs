namespace MlOps.Durable;

/// <summary>
/// How a failed activity or sub-orchestration is retried: up to <see cref="MaxNumberOfAttempts"/>
/// attempts in all, waiting <see cref="FirstRetryInterval"/> × <see cref="BackoffCoefficient"/>^(n-1)
/// (capped at <see cref="MaxRetryInterval"/>) between them, giving up once <see cref="RetryTimeout"/>
/// has passed since the first attempt, and only for failures <see cref="HandleFailure"/> accepts.
/// The waits are durable timers, so a retry survives a host restart.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "maxNumberOfAttempts must be at least 1.");
        }
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "firstRetryInterval must be positive.");
        }
        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "backoffCoefficient must be at least 1.0.");
        }
        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "maxRetryInterval must not be shorter than firstRetryInterval.");
        }
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Which failures are retried; all of them when not set.</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = _ => true;

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan GetDelay(int nextAttempt)
    {
        var exponent = Math.Max(0, nextAttempt - 2);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, exponent);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
