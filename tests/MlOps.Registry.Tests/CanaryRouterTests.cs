using System.Globalization;
using MlOps.Registry.Rollout;

namespace MlOps.Registry.Tests;

public sealed class CanaryRouterTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 10_000).Select(i => $"client-{i.ToString(CultureInfo.InvariantCulture)}").ToArray();

    private static RolloutState Canary(double weight, double shadowShare = 0, string rolloutId = "rollout-a", RolloutMode mode = RolloutMode.Canary) =>
        new("bedford", rolloutId, mode, ChampionVersion: 1, ChallengerVersion: 2) { ChallengerWeight = weight, ShadowShare = shadowShare };

    private static HashSet<string> OnChallenger(RolloutState state) =>
        Keys.Where(k => CanaryRouter.Route(state, k)!.Value.IsChallenger).ToHashSet();

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(100)]
    public void The_challengers_share_of_10000_keys_is_within_2_points_of_its_weight(double weight)
    {
        var state = Canary(weight);

        var decisions = Keys.Select(k => CanaryRouter.Route(state, k)!.Value).ToList();

        var share = 100.0 * decisions.Count(d => d.IsChallenger) / Keys.Length;
        Assert.InRange(share, weight - 2, weight + 2);
        Assert.All(decisions, d => Assert.Equal(d.IsChallenger ? 2 : 1, d.Version));
    }

    [Fact]
    public void A_key_keeps_its_version_within_a_step_and_keys_on_the_challenger_stay_there_as_the_weight_rises()
    {
        var previous = new HashSet<string>();
        foreach (var weight in new[] { 0.0, 10, 25, 50, 100 })
        {
            var state = Canary(weight);
            var first = OnChallenger(state);
            var again = OnChallenger(state with { StepIndex = 7, UpdatedAt = DateTimeOffset.UnixEpoch });

            Assert.Equal(first, again);
            Assert.Superset(previous, first);
            previous = first;
        }
        Assert.Equal(Keys.Length, previous.Count);
    }

    [Fact]
    public void Each_rollout_draws_its_own_keys()
    {
        var a = OnChallenger(Canary(50, rolloutId: "rollout-a"));
        var b = OnChallenger(Canary(50, rolloutId: "rollout-b"));

        // Independent halves overlap on about a quarter of the keys; identical ones would on half.
        var overlap = 100.0 * a.Intersect(b).Count() / Keys.Length;
        Assert.InRange(overlap, 23, 27);
    }

    [Fact]
    public void In_shadow_mode_users_see_only_the_champion_and_the_mirror_share_goes_to_the_challenger()
    {
        var state = Canary(0, shadowShare: 25, mode: RolloutMode.Shadow);

        var decisions = Keys.Select(k => CanaryRouter.Route(state, k)!.Value).ToList();

        Assert.All(decisions, d => Assert.Equal(1, d.Version));
        var mirrored = 100.0 * decisions.Count(d => d.Mirror) / Keys.Length;
        Assert.InRange(mirrored, 23, 27);
        Assert.All(decisions.Where(d => d.Mirror), d => Assert.Equal(2, d.MirrorVersion));
    }

    [Fact]
    public void During_a_canary_only_champion_served_requests_are_mirrored()
    {
        var state = Canary(50, shadowShare: 100);

        var decisions = Keys.Select(k => CanaryRouter.Route(state, k)!.Value).ToList();

        Assert.All(decisions, d => Assert.Equal(!d.IsChallenger, d.Mirror));
    }

    [Theory]
    [InlineData(RolloutMode.RolledBack)]
    [InlineData(RolloutMode.None)]
    [InlineData(RolloutMode.Promoted)]
    public void Outside_a_rollout_the_champion_serves_everything_whatever_weight_is_stored(RolloutMode mode)
    {
        var state = Canary(50, shadowShare: 50, mode: mode);

        Assert.All(Keys.Take(2000), k => Assert.Equal(new RouteDecision(1, false, null), CanaryRouter.Route(state, k)));
    }

    [Fact]
    public void A_paused_canary_keeps_routing_at_its_weight()
    {
        Assert.Equal(OnChallenger(Canary(25)), OnChallenger(Canary(25, mode: RolloutMode.Paused)));
    }

    [Fact]
    public void Without_a_champion_only_the_challengers_keys_are_served()
    {
        var state = new RolloutState("bedford", "r", RolloutMode.Canary, ChampionVersion: null, ChallengerVersion: 2) { ChallengerWeight = 30 };

        var served = Keys.Count(k => CanaryRouter.Route(state, k) is not null);

        Assert.InRange(100.0 * served / Keys.Length, 28, 32);
        Assert.Null(CanaryRouter.Route(RolloutState.ChampionOnly("bedford", 1, DateTimeOffset.UnixEpoch) with { ChampionVersion = null }, "k"));
    }

    [Fact]
    public void A_keys_bucket_is_the_documented_hash_so_every_host_and_every_deploy_agrees()
    {
        foreach (var (rolloutId, key) in new[] { ("rollout-a", "client-1"), ("r", "10.0.0.7"), ("", ""), ("rollout-a", new string('x', 5000) + "é") })
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(rolloutId + "\u001f" + key));
            var expected = (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000);

            Assert.Equal(expected, CanaryRouter.Bucket(rolloutId, key));
        }
        Assert.NotEqual(CanaryRouter.Bucket("ab", "c"), CanaryRouter.Bucket("a", "bc"));
    }
}
