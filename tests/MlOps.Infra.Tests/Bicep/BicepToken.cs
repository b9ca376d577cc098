namespace MlOps.Infra.Tests.Bicep;

public enum BicepTokenKind
{
    Identifier,
    Number,
    String,
    Symbol,
    NewLine,
    End,
}

/// <summary>A piece of a string literal: literal text, or the source of an interpolated <c>${…}</c> expression.</summary>
public sealed record StringSegment(string? Text, string? ExpressionSource, int Line, int Column);

public sealed record BicepToken(BicepTokenKind Kind, string Text, int Line, int Column, IReadOnlyList<StringSegment>? Segments = null)
{
    public bool Is(string symbol) => Kind == BicepTokenKind.Symbol && Text == symbol;

    public bool IsKeyword(string word) => Kind == BicepTokenKind.Identifier && Text == word;

    public override string ToString() => Kind switch
    {
        BicepTokenKind.NewLine => "end of line",
        BicepTokenKind.End => "end of file",
        BicepTokenKind.String => "a string",
        _ => $"'{Text}'",
    };
}
