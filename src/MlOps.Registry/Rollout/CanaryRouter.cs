using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.Registry.Rollout;

/// <summary>
/// The canary routing policy, a pure function of the rollout state and a routing key. Each key
/// gets a fixed bucket in 0..9999 from SHA-256 of the rollout id and the key; keys whose bucket
/// is below weight × 100 go to the challenger. Buckets never move within a rollout, so a key
/// keeps its version while the weight holds, and a key on the challenger stays there when the
/// weight rises. A second, independent bucket from the same hash picks the mirrored share.
/// </summary>
public static class CanaryRouter
{
    public const int BucketCount = 10_000;

    private const int StackLimit = 512;

    /// <summary>
    /// The version to serve <paramref name="routingKey"/> under <paramref name="state"/>, or null
    /// when the model has nothing to serve (no champion, and the challenger does not get this key).
    /// </summary>
    public static RouteDecision? Route(RolloutState state, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(routingKey);
        var (serveBucket, mirrorBucket) = Buckets(state.RolloutId, routingKey);
        if (state.ChallengerVersion is { } challenger && serveBucket < Threshold(EffectiveWeight(state)))
        {
            return new RouteDecision(challenger, IsChallenger: true, MirrorVersion: null);
        }
        if (state.ChampionVersion is not { } champion)
        {
            return null;
        }
        var mirror = state.ChallengerVersion is { } candidate && candidate != champion && mirrorBucket < Threshold(EffectiveShadowShare(state))
            ? candidate
            : (int?)null;
        return new RouteDecision(champion, IsChallenger: false, mirror);
    }

    /// <summary>The key's serving bucket in 0..<see cref="BucketCount"/>−1 for this rollout.</summary>
    public static int Bucket(string rolloutId, string routingKey) => Buckets(rolloutId, routingKey).Serve;

    /// <summary>The weight actually routed: only a shadow, canary or paused rollout sends keys to the challenger.</summary>
    public static double EffectiveWeight(RolloutState state) =>
        state.Mode is RolloutMode.Canary or RolloutMode.Paused ? state.ChallengerWeight : 0;

    /// <summary>The mirrored share actually applied: only while the challenger is being evaluated.</summary>
    public static double EffectiveShadowShare(RolloutState state) => state.IsActive ? state.ShadowShare : 0;

    private static int Threshold(double percent) => (int)Math.Round(Math.Clamp(percent, 0, 100) * (BucketCount / 100.0), MidpointRounding.AwayFromZero);

    private static (int Serve, int Mirror) Buckets(string rolloutId, string routingKey)
    {
        // rolloutId, a unit separator, then the key: no two (id, key) pairs share an input.
        var length = Encoding.UTF8.GetByteCount(rolloutId) + 1 + Encoding.UTF8.GetByteCount(routingKey);
        byte[]? rented = null;
        Span<byte> input = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(rolloutId, input);
            input[written++] = 0x1F;
            written += Encoding.UTF8.GetBytes(routingKey, input[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(input[..written], hash);
            var serve = (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % BucketCount);
            var mirror = (int)(BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % BucketCount);
            return (serve, mirror);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
