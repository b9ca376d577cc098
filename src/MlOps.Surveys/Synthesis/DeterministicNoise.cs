namespace MlOps.Surveys.Synthesis;

/// <summary>
/// Hash-based randomness that depends only on its inputs (seed, position, year...), never on
/// evaluation order or thread: the generator can fill rows in parallel and still produce the
/// same bytes for a seed on every machine.
/// </summary>
internal static class DeterministicNoise
{
    /// <summary>SplitMix64's finaliser: a good 64-bit mix.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Hash(ulong a, ulong b) => Mix(a ^ Mix(b));

    public static ulong Hash(ulong a, ulong b, ulong c) => Mix(a ^ Mix(b ^ Mix(c)));

    public static ulong Hash(ulong a, ulong b, ulong c, ulong d) => Mix(a ^ Mix(b ^ Mix(c ^ Mix(d))));

    /// <summary>A uniform number in [0, 1) from a hash.</summary>
    public static double Unit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    /// <summary>A seeded System.Random for discrete choices (line plans, stations); its seeded sequence is stable across platforms.</summary>
    public static Random Random(ulong a, ulong b, ulong c = 0) => new((int)(Hash(a, b, c) & 0x7FFFFFFF));

    /// <summary>Smooth lattice noise in [-1, 1] at (x, y), lattice spacing 1.</summary>
    public static double Value(double x, double y, ulong seed)
    {
        var x0 = Math.Floor(x);
        var y0 = Math.Floor(y);
        var fx = Fade(x - x0);
        var fy = Fade(y - y0);
        var ix = (ulong)(long)x0;
        var iy = (ulong)(long)y0;
        var a = Corner(ix, iy, seed);
        var b = Corner(ix + 1, iy, seed);
        var c = Corner(ix, iy + 1, seed);
        var d = Corner(ix + 1, iy + 1, seed);
        return Lerp(Lerp(a, b, fx), Lerp(c, d, fx), fy);
    }

    /// <summary>Fractal sum of <paramref name="octaves"/> value-noise layers, each twice the frequency and half the amplitude; about [-1, 1].</summary>
    public static double Fractal(double x, double y, ulong seed, int octaves)
    {
        double sum = 0, amplitude = 1, norm = 0, frequency = 1;
        for (var o = 0; o < octaves; o++)
        {
            sum += amplitude * Value(x * frequency, y * frequency, seed + (ulong)o * 0x632BE59BD9B4E019UL);
            norm += amplitude;
            amplitude *= 0.5;
            frequency *= 2;
        }
        return sum / norm;
    }

    private static double Corner(ulong ix, ulong iy, ulong seed) => Unit(Hash(seed, ix, iy)) * 2 - 1;

    private static double Fade(double t) => t * t * t * (t * (t * 6 - 15) + 10);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
