namespace MlOps.Functions.Dashboard;

/// <summary>A map that cannot be drawn: no such model version, or no survey for that year. The message says which.</summary>
public sealed class MapUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
