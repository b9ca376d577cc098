namespace MlOps.Surveys.Packages;

/// <summary>One file of the package: name relative to the package directory, lowercase hex SHA-256, size in bytes.</summary>
public sealed record ManifestFile(string Name, string Sha256, long Size);
