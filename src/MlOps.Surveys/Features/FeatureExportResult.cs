namespace MlOps.Surveys.Features;

/// <summary>The result of a feature export: where, how many rows, which columns, and the coordinate standardization used for positional features.</summary>
public sealed record FeatureExportResult(string Path, long Rows, IReadOnlyList<string> Columns, CoordinateStandardization? Standardization);
