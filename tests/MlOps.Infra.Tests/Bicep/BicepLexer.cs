using System.Text;

namespace MlOps.Infra.Tests.Bicep;

/// <summary>
/// Splits Bicep source into tokens: identifiers, numbers, strings (single-quoted with escapes and
/// <c>${…}</c> interpolation, or <c>'''</c> multi-line), symbols and significant line breaks.
/// Comments are skipped.
/// </summary>
public sealed class BicepLexer(string file, string source, int firstLine = 1, int firstColumn = 1)
{
    private static readonly string[] Symbols =
    [
        "==", "!=", "<=", ">=", "&&", "||", "??", "=>", "::", ".?",
        "{", "}", "[", "]", "(", ")", ",", ":", ".", "?", "!", "=", "<", ">", "+", "-", "*", "/", "%", "@", "|",
    ];

    private int position;
    private int line = firstLine;
    private int column = firstColumn;

    public IReadOnlyList<BicepToken> Tokenize()
    {
        var tokens = new List<BicepToken>();
        while (true)
        {
            SkipSpaceAndComments();
            if (position >= source.Length)
            {
                tokens.Add(new BicepToken(BicepTokenKind.End, "", line, column));
                return tokens;
            }
            var c = source[position];
            var (startLine, startColumn) = (line, column);
            if (c is '\n' or '\r')
            {
                Advance(c == '\r' && Peek(1) == '\n' ? 2 : 1);
                tokens.Add(new BicepToken(BicepTokenKind.NewLine, "\n", startLine, startColumn));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = position;
                while (position < source.Length && (char.IsLetterOrDigit(source[position]) || source[position] == '_'))
                {
                    Advance(1);
                }
                tokens.Add(new BicepToken(BicepTokenKind.Identifier, source[start..position], startLine, startColumn));
            }
            else if (char.IsDigit(c))
            {
                var start = position;
                while (position < source.Length && (char.IsDigit(source[position]) || source[position] == '.'))
                {
                    Advance(1);
                }
                tokens.Add(new BicepToken(BicepTokenKind.Number, source[start..position], startLine, startColumn));
            }
            else if (c == '\'')
            {
                tokens.Add(source.AsSpan(position).StartsWith("'''") ? ReadMultiLineString() : ReadString());
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => source.AsSpan(position).StartsWith(s))
                    ?? throw Error($"unexpected character '{c}'");
                Advance(symbol.Length);
                tokens.Add(new BicepToken(BicepTokenKind.Symbol, symbol, startLine, startColumn));
            }
        }
    }

    private BicepToken ReadString()
    {
        var (startLine, startColumn) = (line, column);
        Advance(1);
        var segments = new List<StringSegment>();
        var text = new StringBuilder();
        var (textLine, textColumn) = (line, column);
        while (true)
        {
            if (position >= source.Length || source[position] is '\n' or '\r')
            {
                throw new BicepSyntaxException(file, startLine, startColumn, "string is not closed on its line");
            }
            var c = source[position];
            if (c == '\'')
            {
                Advance(1);
                break;
            }
            if (c == '\\')
            {
                var escaped = Peek(1);
                text.Append(escaped switch
                {
                    '\\' => '\\',
                    '\'' => '\'',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '$' => '$',
                    _ => throw Error($"unknown escape '\\{escaped}'"),
                });
                Advance(2);
                continue;
            }
            if (c == '$' && Peek(1) == '{')
            {
                if (text.Length > 0)
                {
                    segments.Add(new StringSegment(text.ToString(), null, textLine, textColumn));
                    text.Clear();
                }
                Advance(2);
                var (exprLine, exprColumn) = (line, column);
                var start = position;
                SkipInterpolation();
                segments.Add(new StringSegment(null, source[start..position], exprLine, exprColumn));
                Advance(1);
                (textLine, textColumn) = (line, column);
                continue;
            }
            text.Append(c);
            Advance(1);
        }
        if (text.Length > 0 || segments.Count == 0)
        {
            segments.Add(new StringSegment(text.ToString(), null, textLine, textColumn));
        }
        return new BicepToken(BicepTokenKind.String, "'", startLine, startColumn, segments);
    }

    // Moves to the '}' that closes an interpolation, stepping over nested braces and strings.
    private void SkipInterpolation()
    {
        var depth = 0;
        while (position < source.Length)
        {
            var c = source[position];
            if (c is '\n' or '\r')
            {
                break;
            }
            if (c == '\'')
            {
                ReadString();
                continue;
            }
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return;
                }
                depth--;
            }
            Advance(1);
        }
        throw Error("interpolation '${' is not closed");
    }

    private BicepToken ReadMultiLineString()
    {
        var (startLine, startColumn) = (line, column);
        Advance(3);
        var end = source.IndexOf("'''", position, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new BicepSyntaxException(file, startLine, startColumn, "multi-line string is not closed");
        }
        var text = source[position..end];
        Advance(end + 3 - position);
        return new BicepToken(BicepTokenKind.String, "'''", startLine, startColumn, [new StringSegment(text, null, startLine, startColumn)]);
    }

    private void SkipSpaceAndComments()
    {
        while (position < source.Length)
        {
            var c = source[position];
            if (c is ' ' or '\t')
            {
                Advance(1);
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (position < source.Length && source[position] is not ('\n' or '\r'))
                {
                    Advance(1);
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = source.IndexOf("*/", position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("comment '/*' is not closed");
                }
                Advance(end + 2 - position);
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int ahead) => position + ahead < source.Length ? source[position + ahead] : '\0';

    private void Advance(int count)
    {
        for (var i = 0; i < count && position < source.Length; i++)
        {
            if (source[position] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
            position++;
        }
    }

    private BicepSyntaxException Error(string message) => new(file, line, column, message);
}
