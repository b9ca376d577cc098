namespace MlOps.Infra.Tests.Bicep;

/// <summary>A Bicep file this reader cannot read, with the file, line and column of the problem.</summary>
public sealed class BicepSyntaxException(string file, int line, int column, string message)
    : Exception($"{file}({line},{column}): {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
