namespace MlOps.Learning.Data;

/// <summary>Input data that cannot be used, with where the problem is: file, line and column.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string message, string? file, long? line, string? column)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string? File { get; }

    /// <summary>1-based line number in the file, the header being line 1.</summary>
    public long? Line { get; }

    public string? Column { get; }
}
