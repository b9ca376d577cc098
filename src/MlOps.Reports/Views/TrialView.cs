using System.Globalization;

namespace MlOps.Reports.Views;

/// <summary>One trial of a sweep as the dashboard shows it.</summary>
/// <param name="Status">One of <see cref="TrialStates"/>.</param>
/// <param name="Objective">The objective it reached (for an early-stopped trial, its last intermediate value).</param>
/// <param name="Curve">Intermediate objective values by step.</param>
public sealed record TrialView(
    string TrialId,
    string Status,
    IReadOnlyDictionary<string, string> Parameters,
    double? Objective,
    double Seconds,
    string? Message,
    IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>The trial's sequence number (t007 → 7), or 0 when its id carries none.</summary>
    public int Number =>
        int.TryParse(new string(TrialId.Where(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The objective, or the curve's last value when the trial ended without one.</summary>
    public double? ObjectiveOrLast => Objective ?? (Curve.Count > 0 ? Curve[^1].Value : null);
}

/// <summary>An intermediate value of the objective at a training step.</summary>
public sealed record CurvePoint(int Step, double Value);

/// <summary>The trial states the dashboard distinguishes (the sweep engine's names).</summary>
public static class TrialStates
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string EarlyStopped = "EarlyStopped";
    public const string TimedOut = "TimedOut";

    public static bool IsFailure(string status) => status is Failed or TimedOut;
}
