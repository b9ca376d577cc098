namespace MlOps.Learning.Features;

/// <summary>
/// sin(2πu) and cos(2πu) of a phase u in turns, from float32 operations only: r = u − round(u)
/// (ties to even), then odd/even polynomials in r evaluated by Horner's rule, each step a
/// multiply then an add. The ONNX export builds the same steps from Round, Sub, Mul and Add, so
/// the in-graph features equal the in-process ones bit for bit (library sine implementations
/// differ in the last bits, which can move a row across a tree threshold).
/// The coefficients are a least-squares fit with minimax reweighting over r ∈ [−½, ½]; the
/// largest error against the true functions is below 7e-7.
/// </summary>
public static class PeriodicPolynomial
{
    /// <summary>sin(2πr) = r · Σ Sine[k] · r^(2k).</summary>
    public static readonly float[] Sine =
    [
        6.2831854820251465f, -41.34170150756836f, 81.6052474975586f, -76.70576477050781f,
        42.057373046875f, -15.084571838378906f, 3.7760024070739746f, -0.6151078939437866f,
    ];

    /// <summary>cos(2πr) = Σ Cosine[k] · r^(2k).</summary>
    public static readonly float[] Cosine =
    [
        1.0f, -19.739208221435547f, 64.93939208984375f, -85.45681762695312f, 60.24458694458008f,
        -26.425617218017578f, 7.89916467666626f, -1.6968865394592285f, 0.24377436935901642f,
    ];

    /// <summary>The phase folded into [−½, ½] turns.</summary>
    public static float Fold(float turns) => turns - MathF.Round(turns, MidpointRounding.ToEven);

    public static float SinTurns(float turns)
    {
        var r = Fold(turns);
        return Horner(Sine, r * r) * r;
    }

    public static float CosTurns(float turns)
    {
        var r = Fold(turns);
        return Horner(Cosine, r * r);
    }

    private static float Horner(float[] coefficients, float r2)
    {
        var accumulator = coefficients[^1];
        for (var k = coefficients.Length - 2; k >= 0; k--)
        {
            accumulator = accumulator * r2;
            accumulator = accumulator + coefficients[k];
        }
        return accumulator;
    }
}
