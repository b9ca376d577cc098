namespace MlOps.Learning.Training;

/// <summary>
/// A small, fast generator (SplitMix64) whose sequence depends only on its seed, so every
/// tree, chunk or class gets its own stream and results do not depend on thread scheduling.
/// </summary>
public struct SeededRandom
{
    private ulong state;

    public SeededRandom(long seed, long stream = 0)
    {
        state = Mix((ulong)seed) ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL);
    }

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform integer in [0, bound).</summary>
    public int Next(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
