using System.Globalization;

namespace MlOps.Infra.Tests.Bicep;

/// <summary>
/// Reads the Bicep this project writes: decorators, targetScope, param, var, resource (with
/// existing, conditions and loops), module and output declarations, and the expression language
/// (strings with interpolation, objects, arrays, for-expressions, calls, member and index access,
/// operators, ternaries, lambdas). Anything else is a <see cref="BicepSyntaxException"/> naming
/// the file, line and column.
/// </summary>
public sealed class BicepParser
{
    private readonly string file;
    private readonly IReadOnlyList<BicepToken> tokens;
    private int index;

    private BicepParser(string file, IReadOnlyList<BicepToken> tokens)
    {
        this.file = file;
        this.tokens = tokens;
    }

    public static BicepFile Parse(string file, string source)
    {
        var parser = new BicepParser(file, new BicepLexer(file, source).Tokenize());
        return parser.ParseFile();
    }

    private BicepToken Current => tokens[index];

    private BicepFile ParseFile()
    {
        var declarations = new List<BicepDeclaration>();
        var decorators = new List<BicepDecorator>();
        string? targetScope = null;
        while (true)
        {
            SkipNewLines();
            var token = Current;
            if (token.Kind == BicepTokenKind.End)
            {
                break;
            }
            if (token.Is("@"))
            {
                decorators.Add(ParseDecorator());
                continue;
            }
            if (token.Kind != BicepTokenKind.Identifier)
            {
                throw Error(token, $"expected a declaration, found {token}");
            }
            Next();
            switch (token.Text)
            {
                case "targetScope":
                    Expect("=");
                    targetScope = ParseExpression() is BicepString { Literal: { } scope } ? scope : throw Error(token, "targetScope must be a plain string");
                    break;
                case "param":
                {
                    var name = ExpectIdentifier();
                    var type = ReadType();
                    BicepExpression? value = null;
                    if (Current.Is("="))
                    {
                        Next();
                        value = ParseExpression();
                    }
                    declarations.Add(new BicepDeclaration(BicepDeclarationKind.Parameter, name.Text, type, value, false, decorators, token.Line, token.Column));
                    break;
                }
                case "var":
                {
                    var name = ExpectIdentifier();
                    Expect("=");
                    declarations.Add(new BicepDeclaration(BicepDeclarationKind.Variable, name.Text, null, ParseExpression(), false, decorators, token.Line, token.Column));
                    break;
                }
                case "output":
                {
                    var name = ExpectIdentifier();
                    var type = ReadType();
                    Expect("=");
                    declarations.Add(new BicepDeclaration(BicepDeclarationKind.Output, name.Text, type, ParseExpression(), false, decorators, token.Line, token.Column));
                    break;
                }
                case "resource" or "module":
                {
                    var name = ExpectIdentifier();
                    var typeToken = Current;
                    var type = ParseExpression() is BicepString { Literal: { } text } ? text : throw Error(typeToken, $"the {token.Text} type or path must be a plain string");
                    var existing = false;
                    if (Current.IsKeyword("existing"))
                    {
                        existing = true;
                        Next();
                    }
                    Expect("=");
                    var kind = token.Text == "resource" ? BicepDeclarationKind.Resource : BicepDeclarationKind.Module;
                    declarations.Add(new BicepDeclaration(kind, name.Text, type, ParseDeclarationValue(), existing, decorators, token.Line, token.Column));
                    break;
                }
                default:
                    throw Error(token, $"'{token.Text}' declarations are not read by this reader");
            }
            decorators = [];
            if (Current.Kind is not (BicepTokenKind.NewLine or BicepTokenKind.End))
            {
                throw Error(Current, $"expected the end of the line, found {Current}");
            }
        }
        return new BicepFile(file, targetScope ?? "resourceGroup", declarations);
    }

    private BicepDecorator ParseDecorator()
    {
        Expect("@");
        var name = ExpectIdentifier().Text;
        if (Current.Is("."))
        {
            Next();
            name = ExpectIdentifier().Text;
        }
        var arguments = Current.Is("(") ? ParseArguments() : [];
        return new BicepDecorator(name, arguments);
    }

    private string ReadType()
    {
        var parts = new List<string>();
        while (Current.Kind is not (BicepTokenKind.NewLine or BicepTokenKind.End) && !Current.Is("="))
        {
            parts.Add(Current.Kind == BicepTokenKind.String ? "'" + string.Concat(Current.Segments!.Select(s => s.Text)) + "'" : Current.Text);
            Next();
        }
        if (parts.Count == 0)
        {
            throw Error(Current, "expected a type");
        }
        return string.Join(" ", parts);
    }

    private BicepExpression ParseDeclarationValue()
    {
        var token = Current;
        if (token.IsKeyword("if"))
        {
            Next();
            Expect("(");
            var condition = ParseExpression();
            Expect(")");
            return new BicepIf(condition, ParseExpression(), token.Line, token.Column);
        }
        return ParseExpression();
    }

    private BicepExpression ParseExpression()
    {
        var condition = ParseBinary(0);
        if (!Current.Is("?"))
        {
            return condition;
        }
        var token = Next();
        var whenTrue = ParseExpression();
        Expect(":");
        var whenFalse = ParseExpression();
        return new BicepTernary(condition, whenTrue, whenFalse, token.Line, token.Column);
    }

    private static readonly string[][] Precedence =
    [
        ["??"],
        ["||"],
        ["&&"],
        ["==", "!="],
        ["<", "<=", ">", ">="],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private BicepExpression ParseBinary(int level)
    {
        if (level == Precedence.Length)
        {
            return ParseUnary();
        }
        var left = ParseBinary(level + 1);
        while (Current.Kind == BicepTokenKind.Symbol && Precedence[level].Contains(Current.Text))
        {
            var op = Next();
            SkipNewLines();
            left = new BicepBinary(op.Text, left, ParseBinary(level + 1), op.Line, op.Column);
        }
        return left;
    }

    private BicepExpression ParseUnary()
    {
        if (Current.Is("!") || Current.Is("-"))
        {
            var op = Next();
            return new BicepUnary(op.Text, ParseUnary(), op.Line, op.Column);
        }
        return ParsePostfix(ParsePrimary());
    }

    private BicepExpression ParsePostfix(BicepExpression expression)
    {
        while (true)
        {
            var token = Current;
            if (token.Is(".") || token.Is(".?"))
            {
                Next();
                var name = ExpectIdentifier();
                expression = Current.Is("(")
                    ? new BicepCall(expression, name.Text, ParseArguments(), name.Line, name.Column)
                    : new BicepPropertyAccess(expression, name.Text, name.Line, name.Column);
            }
            else if (token.Is("["))
            {
                Next();
                var index = ParseExpression();
                Expect("]");
                expression = new BicepIndex(expression, index, token.Line, token.Column);
            }
            else
            {
                return expression;
            }
        }
    }

    private BicepExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case BicepTokenKind.String:
                Next();
                return ParseString(token);
            case BicepTokenKind.Number:
                Next();
                return new BicepNumber(double.Parse(token.Text, CultureInfo.InvariantCulture), token.Line, token.Column);
            case BicepTokenKind.Identifier:
                Next();
                switch (token.Text)
                {
                    case "true" or "false":
                        return new BicepBool(token.Text == "true", token.Line, token.Column);
                    case "null":
                        return new BicepNull(token.Line, token.Column);
                }
                if (Current.Is("=>"))
                {
                    Next();
                    return new BicepLambda([token.Text], ParseExpression(), token.Line, token.Column);
                }
                return Current.Is("(")
                    ? new BicepCall(null, token.Text, ParseArguments(), token.Line, token.Column)
                    : new BicepIdentifier(token.Text, token.Line, token.Column);
        }
        if (token.Is("("))
        {
            if (TryParseLambda() is { } lambda)
            {
                return lambda;
            }
            Next();
            SkipNewLines();
            var inner = ParseExpression();
            SkipNewLines();
            Expect(")");
            return inner;
        }
        if (token.Is("{"))
        {
            return ParseObject();
        }
        if (token.Is("["))
        {
            return ParseArray();
        }
        throw Error(token, $"expected an expression, found {token}");
    }

    private BicepLambda? TryParseLambda()
    {
        var start = index;
        var open = Next();
        var names = new List<string>();
        while (Current.Kind == BicepTokenKind.Identifier)
        {
            names.Add(Next().Text);
            if (!Current.Is(","))
            {
                break;
            }
            Next();
        }
        if (Current.Is(")") && tokens[index + 1].Is("=>"))
        {
            Next();
            Next();
            return new BicepLambda(names, ParseExpression(), open.Line, open.Column);
        }
        index = start;
        return null;
    }

    private BicepString ParseString(BicepToken token)
    {
        var parts = new List<object>();
        foreach (var segment in token.Segments!)
        {
            if (segment.Text is { } text)
            {
                parts.Add(text);
            }
            else
            {
                var inner = new BicepParser(file, new BicepLexer(file, segment.ExpressionSource!, segment.Line, segment.Column).Tokenize());
                var expression = inner.ParseExpression();
                if (inner.Current.Kind != BicepTokenKind.End)
                {
                    throw Error(inner.Current, $"unexpected {inner.Current} in an interpolation");
                }
                parts.Add(expression);
            }
        }
        return new BicepString(parts, token.Line, token.Column);
    }

    private BicepObject ParseObject()
    {
        var open = Expect("{");
        var properties = new List<BicepProperty>();
        while (true)
        {
            SkipSeparators();
            if (Current.Is("}"))
            {
                Next();
                return new BicepObject(properties, open.Line, open.Column);
            }
            var keyToken = Current;
            BicepExpression key = keyToken.Kind switch
            {
                BicepTokenKind.Identifier => new BicepIdentifier(Next().Text, keyToken.Line, keyToken.Column),
                BicepTokenKind.String => ParseString(Next()),
                _ => throw Error(keyToken, $"expected a property name, found {keyToken}"),
            };
            Expect(":");
            properties.Add(new BicepProperty(key, ParseExpression(), keyToken.Line, keyToken.Column));
            if (!(Current.Is("}") || Current.Is(",") || Current.Kind == BicepTokenKind.NewLine))
            {
                throw Error(Current, $"expected a new line or ',' after a property, found {Current}");
            }
        }
    }

    private BicepExpression ParseArray()
    {
        var open = Expect("[");
        SkipNewLines();
        if (Current.IsKeyword("for"))
        {
            Next();
            string item;
            string? position = null;
            if (Current.Is("("))
            {
                Next();
                item = ExpectIdentifier().Text;
                Expect(",");
                position = ExpectIdentifier().Text;
                Expect(")");
            }
            else
            {
                item = ExpectIdentifier().Text;
            }
            if (!Current.IsKeyword("in"))
            {
                throw Error(Current, $"expected 'in', found {Current}");
            }
            Next();
            var source = ParseExpression();
            Expect(":");
            var body = ParseDeclarationValue();
            SkipNewLines();
            Expect("]");
            return new BicepFor(item, position, source, body, open.Line, open.Column);
        }
        var items = new List<BicepExpression>();
        while (true)
        {
            SkipSeparators();
            if (Current.Is("]"))
            {
                Next();
                return new BicepArray(items, open.Line, open.Column);
            }
            items.Add(ParseExpression());
            if (!(Current.Is("]") || Current.Is(",") || Current.Kind == BicepTokenKind.NewLine))
            {
                throw Error(Current, $"expected a new line or ',' after an array item, found {Current}");
            }
        }
    }

    private List<BicepExpression> ParseArguments()
    {
        Expect("(");
        var arguments = new List<BicepExpression>();
        SkipNewLines();
        while (!Current.Is(")"))
        {
            arguments.Add(ParseExpression());
            SkipNewLines();
            if (Current.Is(","))
            {
                Next();
                SkipNewLines();
            }
            else if (!Current.Is(")"))
            {
                throw Error(Current, $"expected ',' or ')' in the argument list, found {Current}");
            }
        }
        Next();
        return arguments;
    }

    private void SkipNewLines()
    {
        while (Current.Kind == BicepTokenKind.NewLine)
        {
            Next();
        }
    }

    private void SkipSeparators()
    {
        while (Current.Kind == BicepTokenKind.NewLine || Current.Is(","))
        {
            Next();
        }
    }

    private BicepToken Next() => tokens[index < tokens.Count - 1 ? index++ : index];

    private BicepToken Expect(string symbol)
    {
        if (!Current.Is(symbol))
        {
            throw Error(Current, $"expected '{symbol}', found {Current}");
        }
        return Next();
    }

    private BicepToken ExpectIdentifier()
    {
        if (Current.Kind != BicepTokenKind.Identifier)
        {
            throw Error(Current, $"expected a name, found {Current}");
        }
        return Next();
    }

    private BicepSyntaxException Error(BicepToken token, string message) => new(file, token.Line, token.Column, message);
}
