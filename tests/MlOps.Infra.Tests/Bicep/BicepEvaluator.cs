using System.Globalization;

namespace MlOps.Infra.Tests.Bicep;

/// <summary>
/// Evaluates expressions of one Bicep file as far as their inputs are known: parameters bound by
/// the caller (else their defaults, else unknown), variables, loops, string interpolation and the
/// functions the templates use. What only Azure knows (resource properties, unique names) stays
/// <see cref="BicepUnknown"/>. A condition that cannot be decided keeps both branches: arrays
/// become the union of both (marked open), other values become unknown unless both agree.
/// </summary>
public sealed class BicepEvaluator(BicepFile file, IReadOnlyDictionary<string, BicepValue>? bindings = null)
{
    private static readonly IReadOnlyDictionary<string, BicepValue> NoLocals = new Dictionary<string, BicepValue>();

    private readonly Dictionary<string, BicepValue> variables = [];
    private readonly HashSet<string> evaluating = [];

    public BicepFile File => file;

    public BicepValue Evaluate(BicepExpression expression) => Evaluate(expression, NoLocals);

    public BicepValue Variable(string name) => Evaluate(new BicepIdentifier(name, 0, 0));

    private BicepValue Evaluate(BicepExpression expression, IReadOnlyDictionary<string, BicepValue> locals)
    {
        if (Path(expression) is { } path && bindings is not null && bindings.TryGetValue(path, out var bound))
        {
            return bound;
        }
        switch (expression)
        {
            case BicepString text:
                return Text(text.Parts.Select(p => p is string s ? s : (object)Evaluate((BicepExpression)p, locals)));
            case BicepNumber number:
                return new BicepNumberValue(number.Value);
            case BicepBool flag:
                return new BicepBoolValue(flag.Value);
            case BicepNull:
                return new BicepNullValue();
            case BicepIdentifier identifier:
                return Identifier(identifier, locals);
            case BicepPropertyAccess access:
                return Evaluate(access.Target, locals) switch
                {
                    BicepObjectValue value => value[access.Name] ?? new BicepUnknown(Describe(access)),
                    _ => new BicepUnknown(Describe(access)),
                };
            case BicepIndex index:
                return (Evaluate(index.Target, locals), Evaluate(index.Index, locals)) switch
                {
                    (BicepArrayValue { Open: false } array, BicepNumberValue i) when i.Value >= 0 && i.Value < array.Items.Count => array.Items[(int)i.Value],
                    (BicepObjectValue value, BicepText { Exact: { } key }) => value[key] ?? new BicepUnknown(Describe(index)),
                    _ => new BicepUnknown(Describe(index)),
                };
            case BicepCall call:
                return Call(call, locals);
            case BicepObject value:
                var properties = new Dictionary<string, BicepValue>();
                foreach (var property in value.Properties)
                {
                    properties[property.Key is BicepIdentifier key ? key.Name : Evaluate(property.Key, locals).Pattern] = Evaluate(property.Value, locals);
                }
                return new BicepObjectValue(properties);
            case BicepArray array:
                return new BicepArrayValue(array.Items.Select(i => Evaluate(i, locals)).ToList());
            case BicepFor loop:
                return Loop(loop, locals);
            case BicepIf conditional:
                return Evaluate(conditional.Body, locals);
            case BicepTernary ternary:
                return Evaluate(ternary.Condition, locals) is BicepBoolValue decided
                    ? Evaluate(decided.Value ? ternary.WhenTrue : ternary.WhenFalse, locals)
                    : Either(Evaluate(ternary.WhenTrue, locals), Evaluate(ternary.WhenFalse, locals), Describe(ternary));
            case BicepBinary binary:
                return Binary(binary, locals);
            case BicepUnary { Operator: "!" } not:
                return Evaluate(not.Operand, locals) is BicepBoolValue b ? new BicepBoolValue(!b.Value) : new BicepUnknown(Describe(not));
            case BicepUnary { Operator: "-" } negate:
                return Evaluate(negate.Operand, locals) is BicepNumberValue n ? new BicepNumberValue(-n.Value) : new BicepUnknown(Describe(negate));
            default:
                return new BicepUnknown(Describe(expression));
        }
    }

    private BicepValue Identifier(BicepIdentifier identifier, IReadOnlyDictionary<string, BicepValue> locals)
    {
        if (locals.TryGetValue(identifier.Name, out var local))
        {
            return local;
        }
        var declaration = file.Find(identifier.Name);
        switch (declaration?.Kind)
        {
            case BicepDeclarationKind.Parameter:
                return declaration.Value is { } fallback ? Evaluate(fallback, NoLocals) : new BicepUnknown($"param {identifier.Name}");
            case BicepDeclarationKind.Variable:
                if (variables.TryGetValue(identifier.Name, out var known))
                {
                    return known;
                }
                if (!evaluating.Add(identifier.Name))
                {
                    throw new InvalidOperationException($"{file.Path}({declaration.Line},{declaration.Column}): variable '{identifier.Name}' refers to itself.");
                }
                var value = Evaluate(declaration.Value!, NoLocals);
                evaluating.Remove(identifier.Name);
                variables[identifier.Name] = value;
                return value;
            default:
                return new BicepUnknown(identifier.Name);
        }
    }

    private BicepValue Loop(BicepFor loop, IReadOnlyDictionary<string, BicepValue> locals)
    {
        BicepValue Body(BicepValue item, BicepValue position)
        {
            var inner = new Dictionary<string, BicepValue>(locals) { [loop.ItemName] = item };
            if (loop.IndexName is { } name)
            {
                inner[name] = position;
            }
            return Evaluate(loop.Body, inner);
        }
        if (Evaluate(loop.Source, locals) is BicepArrayValue { Open: false } source)
        {
            return new BicepArrayValue(source.Items.Select((item, i) => Body(item, new BicepNumberValue(i))).ToList());
        }
        return new BicepArrayValue([Body(new BicepUnknown(loop.ItemName), new BicepUnknown(loop.IndexName ?? "index"))], Open: true);
    }

    private BicepValue Binary(BicepBinary binary, IReadOnlyDictionary<string, BicepValue> locals)
    {
        var left = Evaluate(binary.Left, locals);
        var right = Evaluate(binary.Right, locals);
        return (binary.Operator, left, right) switch
        {
            ("==", BicepText { Exact: { } a }, BicepText { Exact: { } b }) => new BicepBoolValue(string.Equals(a, b, StringComparison.OrdinalIgnoreCase)),
            ("!=", BicepText { Exact: { } a }, BicepText { Exact: { } b }) => new BicepBoolValue(!string.Equals(a, b, StringComparison.OrdinalIgnoreCase)),
            ("==", BicepNumberValue a, BicepNumberValue b) => new BicepBoolValue(a.Value == b.Value),
            ("&&", BicepBoolValue a, BicepBoolValue b) => new BicepBoolValue(a.Value && b.Value),
            ("||", BicepBoolValue a, BicepBoolValue b) => new BicepBoolValue(a.Value || b.Value),
            ("+", BicepNumberValue a, BicepNumberValue b) => new BicepNumberValue(a.Value + b.Value),
            ("??", BicepNullValue, _) => right,
            ("??", not BicepUnknown, _) => left,
            _ => new BicepUnknown(Describe(binary)),
        };
    }

    private BicepValue Call(BicepCall call, IReadOnlyDictionary<string, BicepValue> locals)
    {
        if (call.Target is { } target && !(target is BicepIdentifier { Name: "sys" or "az" }))
        {
            return new BicepUnknown(Describe(call));
        }
        var args = call.Arguments.Select(a => Evaluate(a, locals)).ToList();
        switch (call.Name)
        {
            case "concat" when args.All(a => a is BicepArrayValue):
                return new BicepArrayValue(args.Cast<BicepArrayValue>().SelectMany(a => a.Items).ToList(), args.Cast<BicepArrayValue>().Any(a => a.Open));
            case "concat":
                return Text(args.Cast<object>());
            case "union" when args.All(a => a is BicepObjectValue):
                var merged = new Dictionary<string, BicepValue>();
                foreach (var value in args.Cast<BicepObjectValue>())
                {
                    foreach (var (key, item) in value.Properties)
                    {
                        merged[key] = item;
                    }
                }
                return new BicepObjectValue(merged);
            case "empty":
                return args[0] switch
                {
                    BicepText { Exact: { } s } => new BicepBoolValue(s.Length == 0),
                    BicepArrayValue { Open: false } a => new BicepBoolValue(a.Items.Count == 0),
                    BicepArrayValue { Open: true, Items.Count: > 0 } => new BicepBoolValue(false),
                    BicepObjectValue o => new BicepBoolValue(o.Properties.Count == 0),
                    BicepNullValue => new BicepBoolValue(true),
                    _ => new BicepUnknown(Describe(call)),
                };
            case "replace" when args is [BicepText { Exact: { } s }, BicepText { Exact: { } old }, BicepText { Exact: { } with }]:
                return new BicepText(s.Replace(old, with, StringComparison.Ordinal));
            case "uriComponent" when args is [BicepText { Exact: { } s }]:
                return new BicepText(Uri.EscapeDataString(s));
            case "toLower" when args is [BicepText { Exact: { } s }]:
                return new BicepText(s.ToLowerInvariant());
            case "toUpper" when args is [BicepText { Exact: { } s }]:
                return new BicepText(s.ToUpperInvariant());
            case "string" when args is [BicepText or BicepNumberValue or BicepBoolValue]:
                return new BicepText(args[0] is BicepText t ? t.Parts : [args[0].Pattern]);
            case "json" when args is [BicepText { Exact: { } s }] && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return new BicepNumberValue(number);
            case "items" when args is [BicepObjectValue o]:
                return new BicepArrayValue(o.Properties.Select(p => (BicepValue)new BicepObjectValue(new Dictionary<string, BicepValue> { ["key"] = new BicepText(p.Key), ["value"] = p.Value })).ToList());
            case "subscriptionResourceId" when args.Count >= 2:
                return Text(new object[] { "/subscriptions/", new BicepUnknown("subscription id"), "/providers/" }.Concat(Join(args, "/")));
            default:
                return new BicepUnknown(Describe(call));
        }
    }

    private static IEnumerable<object> Join(IReadOnlyList<BicepValue> values, string separator)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                yield return separator;
            }
            yield return values[i];
        }
    }

    private static BicepValue Either(BicepValue a, BicepValue b, string source) => (a, b) switch
    {
        _ when a == b => a,
        (BicepArrayValue x, BicepArrayValue y) => new BicepArrayValue(x.Items.Concat(y.Items).ToList(), Open: true),
        _ => new BicepUnknown(source),
    };

    private static BicepText Text(IEnumerable<object> parts)
    {
        var flat = new List<object>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string s:
                    flat.Add(s);
                    break;
                case BicepText text:
                    flat.AddRange(text.Parts);
                    break;
                case BicepNumberValue or BicepBoolValue:
                    flat.Add(((BicepValue)part).Pattern);
                    break;
                default:
                    flat.Add(part is BicepUnknown unknown ? unknown : new BicepUnknown(((BicepValue)part).Pattern));
                    break;
            }
        }
        return new BicepText(flat);
    }

    /// <summary>The dotted path of an identifier chain (<c>postgres.outputs.fqdn</c>), used for bindings.</summary>
    private static string? Path(BicepExpression expression) => expression switch
    {
        BicepIdentifier identifier => identifier.Name,
        BicepPropertyAccess access when Path(access.Target) is { } target => target + "." + access.Name,
        _ => null,
    };

    private static string Describe(BicepExpression expression) => $"expression at line {expression.Line}, column {expression.Column}";
}
