namespace MlOps.Testing;

/// <summary>
/// A clock a test moves by hand. Timers created on it (Task.Delay(…, provider), PeriodicTimer)
/// fire when <see cref="Advance"/> moves the clock past their due time. <see cref="WaitForSchedulesAsync"/>
/// lets a test wait until the code under test is actually waiting, instead of sleeping.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private readonly List<ManualTimer> timers = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> waiters = [];
    private DateTimeOffset now = start;
    private int schedules;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>How many times a timer has been scheduled or rescheduled so far.</summary>
    public int Schedules
    {
        get
        {
            lock (gate)
            {
                return schedules;
            }
        }
    }

    /// <summary>Completes once timers have been scheduled <paramref name="count"/> times in all.</summary>
    public Task WaitForSchedulesAsync(int count)
    {
        lock (gate)
        {
            if (schedules >= count)
            {
                return Task.CompletedTask;
            }
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, signal));
            return signal.Task;
        }
    }

    /// <summary>The earliest due time among pending timers.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (gate)
            {
                return timers.Where(t => t.Due is not null).Select(t => t.Due).Min();
            }
        }
    }

    public void Advance(TimeSpan by) => SetUtcNow(GetUtcNow() + by);

    public void SetUtcNow(DateTimeOffset value)
    {
        List<ManualTimer> due;
        lock (gate)
        {
            now = value;
            due = timers.Where(t => t.Due is { } d && d <= now).ToList();
            foreach (var timer in due)
            {
                timer.Due = timer.Period is { } p && p > TimeSpan.Zero ? now + p : null;
            }
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        List<TaskCompletionSource> released;
        lock (gate)
        {
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? null : period;
            if (!timers.Contains(timer))
            {
                timers.Add(timer);
            }
            schedules++;
            released = waiters.Where(w => w.Count <= schedules).Select(w => w.Signal).ToList();
            waiters.RemoveAll(w => w.Count <= schedules);
        }
        foreach (var signal in released)
        {
            signal.TrySetResult();
        }
        if (dueTime == TimeSpan.Zero)
        {
            SetUtcNow(GetUtcNow());
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
