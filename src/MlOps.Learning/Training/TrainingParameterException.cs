namespace MlOps.Learning.Training;

/// <summary>A training parameter (from --set key=value or a sweep) that is unknown or out of range.</summary>
public sealed class TrainingParameterException(string key, string message) : ArgumentException(message)
{
    public string Key { get; } = key;
}
