namespace MlOps.Functions.Runtime;

/// <summary>Who may call an HTTP function, as in Azure Functions.</summary>
public enum AuthorizationLevel
{
    /// <summary>No key needed. Used only where stated (health probes).</summary>
    Anonymous,

    /// <summary>The function key or the master key.</summary>
    Function,

    /// <summary>The master key only.</summary>
    Admin,
}
