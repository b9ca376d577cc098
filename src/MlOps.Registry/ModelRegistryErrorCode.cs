namespace MlOps.Registry;

/// <summary>The error codes a <see cref="ModelRegistryException"/> carries.</summary>
public static class ModelRegistryErrorCode
{
    /// <summary>The model has no registered version (404).</summary>
    public const string ModelNotFound = nameof(ModelNotFound);

    /// <summary>The version does not exist, or exists only half-written (404).</summary>
    public const string VersionNotFound = nameof(VersionNotFound);

    /// <summary>An alias names no version (404).</summary>
    public const string AliasNotSet = nameof(AliasNotSet);

    /// <summary>The requested version number is taken; versions are immutable (409).</summary>
    public const string VersionExists = nameof(VersionExists);

    /// <summary>The aliases are not in the state the caller expected (412).</summary>
    public const string AliasesChanged = nameof(AliasesChanged);

    /// <summary>The rollout state is not in the state the caller expected (412).</summary>
    public const string RolloutChanged = nameof(RolloutChanged);

    /// <summary>The rollout is in a mode that does not allow the change (409).</summary>
    public const string InvalidRolloutTransition = nameof(InvalidRolloutTransition);

    /// <summary>Other writers won every attempt of a read-modify-write loop (409).</summary>
    public const string TooManyConflicts = nameof(TooManyConflicts);

    /// <summary>A stored document (card, aliases, rollout state) is not valid JSON of its schema (422).</summary>
    public const string InvalidDocument = nameof(InvalidDocument);

    /// <summary>The caller's input is invalid: a name, a registration, a weight (400).</summary>
    public const string InvalidRequest = nameof(InvalidRequest);

    /// <summary>model.onnx does not match the SHA-256 or size its card records (500).</summary>
    public const string IntegrityCheckFailed = nameof(IntegrityCheckFailed);
}
