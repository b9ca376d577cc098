using System.Text.Json.Serialization;

namespace MlOps.Durable;

/// <summary>Why an activity, sub-orchestration or orchestration failed, kept in history as data.</summary>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null)
{
    /// <summary>
    /// True when the failure was caused by <typeparamref name="TException"/> or a type derived
    /// from it (compared by full type name, since the exception itself crossed a process boundary).
    /// </summary>
    public bool IsCausedBy<TException>() where TException : Exception
    {
        var wanted = typeof(TException);
        var type = Type.GetType(ErrorType, throwOnError: false) ?? FindLoadedType(ErrorType);
        if (type is not null)
        {
            return wanted.IsAssignableFrom(type);
        }
        return string.Equals(ErrorType, wanted.FullName, StringComparison.Ordinal);
    }

    public static TaskFailureDetails FromException(Exception exception) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        exception.StackTrace,
        exception.InnerException is null ? null : FromException(exception.InnerException));

    [JsonIgnore]
    public string Summary => $"{ErrorType}: {ErrorMessage}";

    public override string ToString() => Summary;

    private static Type? FindLoadedType(string fullName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var type = assembly.GetType(fullName, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }
        return null;
    }
}
