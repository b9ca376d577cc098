namespace MlOps.Registry;

/// <summary>One input file of a survey year (e.g. <c>backscatter.tif</c>) with its lowercase hex SHA-256 and size.</summary>
public sealed record DataFile(string Name, string Sha256, long? SizeBytes = null);
