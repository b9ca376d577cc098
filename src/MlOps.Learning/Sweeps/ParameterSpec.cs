using System.Globalization;

namespace MlOps.Learning.Sweeps;

public enum ParameterType
{
    Categorical,
    Int,
    Double,
}

public enum ParameterScale
{
    Linear,
    Log,
}

/// <summary>
/// One dimension of a search space: a categorical list, or an int or double range on a linear
/// or log scale. Values travel as invariant strings, the way trainers take them (--set key=value).
/// </summary>
public sealed record ParameterSpec(
    string Name,
    ParameterType Type,
    IReadOnlyList<string> Values,
    double Min = 0,
    double Max = 0,
    ParameterScale Scale = ParameterScale.Linear)
{
    public bool IsNumeric => Type != ParameterType.Categorical;

    /// <summary>Maps a value into the sampler's working space: log10 for log scales, the index for categories.</summary>
    public double ToInternal(string value)
    {
        if (Type == ParameterType.Categorical)
        {
            var index = Values.ToList().IndexOf(value);
            return index >= 0 ? index : throw new ArgumentException($"'{value}' is not one of {Name}'s values.", nameof(value));
        }
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return Scale == ParameterScale.Log ? Math.Log10(number) : number;
    }

    public string FromInternal(double value)
    {
        if (Type == ParameterType.Categorical)
        {
            return Values[Math.Clamp((int)Math.Round(value), 0, Values.Count - 1)];
        }
        var number = Scale == ParameterScale.Log ? Math.Pow(10, value) : value;
        number = Math.Clamp(number, Min, Max);
        return Type == ParameterType.Int
            ? ((long)Math.Round(number)).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    public double InternalMin => Scale == ParameterScale.Log ? Math.Log10(Min) : Min;

    public double InternalMax => Scale == ParameterScale.Log ? Math.Log10(Max) : Max;
}
