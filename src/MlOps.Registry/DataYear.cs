namespace MlOps.Registry;

/// <summary>One survey year a model was trained on, with the files it read.</summary>
public sealed record DataYear(int Year, IReadOnlyList<DataFile> Files);
