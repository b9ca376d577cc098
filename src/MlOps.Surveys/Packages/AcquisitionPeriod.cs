namespace MlOps.Surveys.Packages;

/// <summary>First and last day of the acquisition.</summary>
public sealed record AcquisitionPeriod(DateOnly Start, DateOnly End);
