namespace MlOps.Infra.Tests.Bicep;

/// <summary>A sub-expression met while walking an expression: its parent, and the loop and lambda names in scope there.</summary>
public sealed record BicepVisit(BicepExpression Node, BicepExpression? Parent, IReadOnlySet<string> Locals);

public static class BicepWalk
{
    /// <summary>Every expression inside <paramref name="root"/> (itself included), parents before children.</summary>
    public static IEnumerable<BicepVisit> Descendants(BicepExpression root) => Walk(root, null, new HashSet<string>());

    /// <summary>Every expression in every declaration of the file, decorators included.</summary>
    public static IEnumerable<BicepVisit> All(BicepFile file) =>
        file.Declarations.SelectMany(d => d.Decorators.SelectMany(x => x.Arguments).Concat(d.Value is null ? [] : [d.Value])).SelectMany(Descendants);

    private static IEnumerable<BicepVisit> Walk(BicepExpression node, BicepExpression? parent, IReadOnlySet<string> locals)
    {
        yield return new BicepVisit(node, parent, locals);
        var inner = locals;
        IEnumerable<BicepExpression> children;
        switch (node)
        {
            case BicepString text:
                children = text.Parts.OfType<BicepExpression>();
                break;
            case BicepPropertyAccess access:
                children = [access.Target];
                break;
            case BicepIndex index:
                children = [index.Target, index.Index];
                break;
            case BicepCall call:
                children = (call.Target is null ? [] : new[] { call.Target }).Concat(call.Arguments);
                break;
            case BicepObject value:
                children = value.Properties.SelectMany(p => p.Key is BicepIdentifier ? new[] { p.Value } : [p.Key, p.Value]);
                break;
            case BicepArray array:
                children = array.Items;
                break;
            case BicepFor loop:
                foreach (var visit in Walk(loop.Source, node, locals))
                {
                    yield return visit;
                }
                inner = new HashSet<string>(locals) { loop.ItemName };
                if (loop.IndexName is { } name)
                {
                    ((HashSet<string>)inner).Add(name);
                }
                children = [loop.Body];
                break;
            case BicepIf conditional:
                children = [conditional.Condition, conditional.Body];
                break;
            case BicepTernary ternary:
                children = [ternary.Condition, ternary.WhenTrue, ternary.WhenFalse];
                break;
            case BicepBinary binary:
                children = [binary.Left, binary.Right];
                break;
            case BicepUnary unary:
                children = [unary.Operand];
                break;
            case BicepLambda lambda:
                inner = new HashSet<string>(locals.Concat(lambda.Parameters));
                children = [lambda.Body];
                break;
            default:
                children = [];
                break;
        }
        foreach (var child in children)
        {
            foreach (var visit in Walk(child, node, inner))
            {
                yield return visit;
            }
        }
    }
}
