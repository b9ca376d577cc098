namespace MlOps.Learning.Sweeps;

/// <summary>A sweep spec that cannot be used; <see cref="Errors"/> lists every problem with its place in the file.</summary>
public sealed class SweepSpecException(string source, IReadOnlyList<string> errors)
    : Exception($"Sweep spec '{source}' is not valid:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
