namespace MlOps.Learning.Sweeps;

/// <summary>
/// Proposes trials. Samplers are pure: the same spec and trial history give the same proposals,
/// so a resumed sweep proposes what the interrupted one would have.
/// </summary>
public interface ISampler
{
    IReadOnlyList<IReadOnlyDictionary<string, string>> Suggest(SweepSpec spec, IReadOnlyList<TrialRecord> trials, int count);
}

public static class Samplers
{
    public static ISampler For(SamplingAlgorithm algorithm) => algorithm switch
    {
        SamplingAlgorithm.Random => new RandomSampler(),
        SamplingAlgorithm.Grid => new GridSampler(),
        _ => new TpeSampler(),
    };

    /// <summary>The generator for one call: seeded by the spec and by how many trials exist already.</summary>
    internal static Random RandomFor(SweepSpec spec, IReadOnlyList<TrialRecord> trials, int salt = 0) =>
        new((int)(SplitMix((ulong)(uint)spec.Seed << 32 ^ (ulong)trials.Count << 8 ^ (uint)salt) & int.MaxValue));

    // A fixed mixing function: HashCode.Combine is randomised per process and would make a
    // resumed sweep propose different trials.
    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    internal static string Uniform(ParameterSpec parameter, Random random) =>
        parameter.FromInternal(parameter.Type == ParameterType.Categorical
            ? random.Next(parameter.Values.Count)
            : parameter.InternalMin + random.NextDouble() * (parameter.InternalMax - parameter.InternalMin));
}
