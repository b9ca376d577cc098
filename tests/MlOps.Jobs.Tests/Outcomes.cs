namespace MlOps.Jobs.Tests;

internal static class Outcomes
{
    /// <summary>Two reports of one finished job say the same thing, down to when it ended.</summary>
    public static void AssertSame(JobStatus expected, JobStatus? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.JobId, actual.JobId);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.EndedAt, actual.EndedAt);
        Assert.Equal(expected.StandardErrorTail, actual.StandardErrorTail);
    }
}
