namespace MlOps.Functions.Inference;

/// <summary>The HTTP headers of the inference path.</summary>
public static class InferenceHeaders
{
    /// <summary>Response: the version that served. Request (master key only): pins that version.</summary>
    public const string ModelVersion = "x-model-version";

    /// <summary>Request: the key that sticks a client to one version during a rollout step (default: the client address).</summary>
    public const string RoutingKey = "x-routing-key";

    /// <summary>Response: the id to quote when sending feedback for this prediction.</summary>
    public const string RequestId = "x-request-id";

    /// <summary>Response: set when the challenger failed and the champion answered instead.</summary>
    public const string Fallback = "x-model-fallback";
}
