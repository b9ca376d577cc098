namespace MlOps.Learning.Training;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, in order.</summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
