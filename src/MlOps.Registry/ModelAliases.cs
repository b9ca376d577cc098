using System.Text.Json.Serialization;
using Azure;

namespace MlOps.Registry;

/// <summary>aliases.json: which version each alias names (null: none), and the ETag it was read at.</summary>
public sealed record ModelAliases(int? Champion = null, int? Challenger = null, int? Previous = null) : IETagged<ModelAliases>
{
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The blob's ETag when read; default for aliases that were never written.</summary>
    [JsonIgnore]
    public ETag ETag { get; init; }

    public int? this[ModelAlias alias] => alias switch
    {
        ModelAlias.Champion => Champion,
        ModelAlias.Challenger => Challenger,
        ModelAlias.Previous => Previous,
        _ => throw new ArgumentOutOfRangeException(nameof(alias), alias, null),
    };

    public ModelAliases With(ModelAlias alias, int? version) => alias switch
    {
        ModelAlias.Champion => this with { Champion = version },
        ModelAlias.Challenger => this with { Challenger = version },
        ModelAlias.Previous => this with { Previous = version },
        _ => throw new ArgumentOutOfRangeException(nameof(alias), alias, null),
    };

    /// <summary>The aliases naming <paramref name="version"/>, in enum order.</summary>
    public IReadOnlyList<ModelAlias> AliasesOf(int version) =>
        Enum.GetValues<ModelAlias>().Where(a => this[a] == version).ToList();

    /// <summary>True when both name the same versions, whatever their ETags and times.</summary>
    public bool SameAssignment(ModelAliases other) =>
        Champion == other.Champion && Challenger == other.Challenger && Previous == other.Previous;

    ModelAliases IETagged<ModelAliases>.WithETag(ETag etag) => this with { ETag = etag };

    public override string ToString() =>
        $"champion {Champion?.ToString() ?? "none"}, challenger {Challenger?.ToString() ?? "none"}, previous {Previous?.ToString() ?? "none"}";
}
