namespace MlOps.Registry;

/// <summary>Names for versions of a model, kept in aliases.json.</summary>
public enum ModelAlias
{
    /// <summary>The version serving users.</summary>
    Champion,

    /// <summary>The candidate being rolled out against the champion.</summary>
    Challenger,

    /// <summary>The champion before the last promotion, kept for instant rollback.</summary>
    Previous,
}
