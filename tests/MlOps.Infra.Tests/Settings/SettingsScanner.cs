using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlOps.Infra.Tests.Settings;

/// <summary>
/// Finds the settings a program reads by reading its C# source with Roslyn (each project of the
/// program compiled against the built assemblies): indexers and GetValue/GetConnectionString on
/// configuration, GetSection chains (through locals, parameters and their call sites, constants,
/// nameof and string concatenation), options bound with Bind, Get, Configure&lt;T&gt; and
/// OptionsBuilder.Bind (every bindable property of the options type, recursively), GetChildren,
/// sections handed to the framework (e.g. logging), and Environment.GetEnvironmentVariable.
/// Reads whose key cannot be worked out are kept, marked unresolved, with the reason.
/// </summary>
public sealed class SettingsScanner
{
    private const string ConfigurationInterface = "Microsoft.Extensions.Configuration.IConfiguration";
    private const string SectionInterface = "Microsoft.Extensions.Configuration.IConfigurationSection";

    // Compiling a project is the slow part; scans of the app and of the trainer share the results.
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<SemanticModel>>> Compiled = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, MetadataReference> Metadata = new(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] ReadMarkers = ["Configuration", "GetSection", "GetEnvironmentVariable", "WebApplication"];

    private readonly Dictionary<SyntaxTree, SemanticModel> models = [];
    private readonly Dictionary<string, List<ImmutableArray<IArgumentOperation>>> callSites = [];
    private readonly HashSet<string> programAssemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<SettingRead> reads = [];
    private bool usesWebHost;

    private SettingsScanner()
    {
    }

    /// <summary>Scans the program whose project file is <paramref name="programProject"/>.</summary>
    public static ProgramSettings Scan(string programProject, IEnumerable<string> referenceDirectories)
    {
        var scanner = new SettingsScanner();
        var projects = ProjectClosure.Of(programProject);
        var references = referenceDirectories
            .SelectMany(d => Directory.EnumerateFiles(d, "*.dll"))
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();
        foreach (var project in projects)
        {
            scanner.programAssemblies.Add(ProjectClosure.AssemblyName(project));
            foreach (var model in Compiled.GetOrAdd(project, p => new Lazy<IReadOnlyList<SemanticModel>>(() => Compile(p, references))).Value)
            {
                scanner.models[model.SyntaxTree] = model;
            }
        }
        // Only a file that names configuration, the environment or the web host can read a setting.
        foreach (var model in scanner.models.Values.Where(m => ReadMarkers.Any(m.SyntaxTree.GetRoot().ToFullString().Contains)).ToList())
        {
            scanner.ScanTree(model);
        }
        var prefixes = scanner.usesWebHost ? new[] { "", "ASPNETCORE_", "DOTNET_" } : new[] { "" };
        var ordered = scanner.reads.Distinct().OrderBy(r => r.Source).ThenBy(r => r.Key, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Location, StringComparer.Ordinal).ToList();
        return new ProgramSettings(Path.GetFileNameWithoutExtension(programProject), ordered, prefixes);
    }

    private static IReadOnlyList<SemanticModel> Compile(string project, IReadOnlyList<string> references)
    {
        var directory = Path.GetDirectoryName(project)!;
        var assembly = ProjectClosure.AssemblyName(project);
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, path: f))
            .ToList();
        var metadata = references
            .Where(r => !string.Equals(Path.GetFileNameWithoutExtension(r), assembly, StringComparison.OrdinalIgnoreCase))
            .Select(r => Metadata.GetOrAdd(r, f => MetadataReference.CreateFromFile(f)));
        var globalUsings = CSharpSyntaxTree.ParseText(string.Join('\n', ImplicitUsings(project).Select(u => $"global using {u};")), options, path: Path.Combine(directory, "ImplicitUsings.g.cs"));
        var compilation = CSharpCompilation.Create(assembly, trees.Append(globalUsings), metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        return trees.Select(t => compilation.GetSemanticModel(t)).ToList();
    }

    // The global usings the SDK adds with ImplicitUsings=enable (Microsoft.NET.Sdk, plus Web for Sdk.Web).
    private static IEnumerable<string> ImplicitUsings(string project)
    {
        string[] common = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
        string[] web = ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
            "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];
        return File.ReadAllText(project).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) ? common.Concat(web) : common;
    }

    // The calls of one method across the program, found the first time a parameter of it is followed.
    private List<ImmutableArray<IArgumentOperation>> CallSites(IMethodSymbol method)
    {
        var id = MethodId(method);
        if (callSites.TryGetValue(id, out var found))
        {
            return found;
        }
        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
        found = [];
        callSites[id] = found;
        foreach (var (tree, model) in models)
        {
            var root = tree.GetRoot();
            if (!root.ToFullString().Contains(name, StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var node in root.DescendantNodes())
            {
                var called = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.Identifier.Text,
                    InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.Text,
                    InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.Identifier.Text,
                    ObjectCreationExpressionSyntax { Type: var type } => type.ToString().Split('.')[^1].Split('<')[0],
                    ImplicitObjectCreationExpressionSyntax => name,
                    _ => null,
                };
                if (called != name)
                {
                    continue;
                }
                var (target, arguments) = model.GetOperation(node) switch
                {
                    IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
                    _ => (null, default),
                };
                if (target is not null && MethodId(target) == id)
                {
                    found.Add(arguments);
                }
            }
        }
        return found;
    }

    private void ScanTree(SemanticModel model)
    {
        foreach (var node in model.SyntaxTree.GetRoot().DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax when model.GetOperation(node) is IInvocationOperation invocation:
                    ScanInvocation(invocation);
                    break;
                case ElementAccessExpressionSyntax or ElementBindingExpressionSyntax when model.GetOperation(node) is IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                    && IsConfiguration(indexer.Property.ContainingType):
                    Read(indexer, Combine(PathOf(Receiver(indexer)), KeysOf(indexer.Arguments[0].Value)));
                    break;
                case MemberAccessExpressionSyntax or MemberBindingExpressionSyntax when model.GetOperation(node) is IPropertyReferenceOperation { Property.Name: "Value" } value
                    && IsSection(value.Property.ContainingType):
                    Read(value, PathOf(Receiver(value)));
                    break;
            }
        }
    }

    private void ScanInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType.ToDisplayString();
        IOperation? Argument(string name) => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name)?.Value;
        switch (type, method.Name)
        {
            case ("Microsoft.AspNetCore.Builder.WebApplication", "CreateBuilder" or "CreateSlimBuilder"):
                usesWebHost = true;
                return;
            case ("System.Environment", "GetEnvironmentVariable"):
                foreach (var key in KeysOf(Argument("variable")!).Keys ?? [])
                {
                    reads.Add(new SettingRead(SettingSource.EnvironmentVariable, key, Location(invocation)));
                }
                if (KeysOf(Argument("variable")!).Reason is { } reason)
                {
                    reads.Add(new SettingRead(SettingSource.EnvironmentVariable, "*", Location(invocation), reason));
                }
                return;
            case ("Microsoft.Extensions.Configuration.ConfigurationBinder", "GetValue"):
                Read(invocation, Combine(PathOf(Argument("configuration")!), KeysOf(Argument("key")!)));
                return;
            case ("Microsoft.Extensions.Configuration.ConfigurationExtensions", "GetConnectionString"):
                Read(invocation, Combine(Known(["ConnectionStrings"]), KeysOf(Argument("name")!)));
                return;
            case ("Microsoft.Extensions.Configuration.ConfigurationBinder", "Bind"):
            {
                var path = PathOf(Argument("configuration")!);
                if (Argument("key") is { } key)
                {
                    path = Combine(path, KeysOf(key));
                }
                BindType(invocation, path, StaticType(Argument("instance")!));
                return;
            }
            case ("Microsoft.Extensions.Configuration.ConfigurationBinder", "Get"):
                BindType(invocation, PathOf(Argument("configuration")!),
                    method.TypeArguments.FirstOrDefault() ?? (Argument("type") is ITypeOfOperation typeOf ? typeOf.TypeOperand : null));
                return;
            case ("Microsoft.Extensions.DependencyInjection.OptionsConfigurationServiceCollectionExtensions", "Configure"):
            case ("Microsoft.Extensions.DependencyInjection.OptionsBuilderConfigurationExtensions", "Bind"):
                BindType(invocation, PathOf(Argument("config")!), method.TypeArguments.FirstOrDefault());
                return;
        }
        if (method.Name == "GetChildren" && IsConfiguration(method.ContainingType))
        {
            var parent = PathOf(invocation.Instance!);
            if (parent.Keys is { } keys && keys.Contains(""))
            {
                // Enumerating the root reads no setting in particular: code after it picks some (by prefix, say).
                Read(invocation, Resolved.Unknown("enumerates every top-level setting and picks some in code"));
                return;
            }
            Read(invocation, Combine(parent, Known(["*"])));
            return;
        }
        if (method.Name is "GetSection" or "GetRequiredSection" or "GetReloadToken")
        {
            return;
        }
        // A section handed to code outside the program (the logging configuration, say) is read whole.
        if (!programAssemblies.Contains(method.ContainingAssembly?.Name ?? ""))
        {
            foreach (var argument in invocation.Arguments.Where(a => a.Parameter is { } p && IsConfiguration(p.Type) && a.Value.Type is { } t && IsConfiguration(t)))
            {
                var path = PathOf(argument.Value);
                if (path.Keys is { } keys && keys.All(k => k.Length == 0))
                {
                    continue;
                }
                Read(invocation, Combine(path, Known(["*"])));
            }
        }
    }

    private void BindType(IOperation at, Resolved path, ITypeSymbol? type)
    {
        if (type is null)
        {
            Read(at, Resolved.Unknown("the bound type is not known"));
            return;
        }
        var keys = new List<string>();
        Expand(type, "", keys, 0);
        Read(at, Combine(path, Known(keys.Select(k => k.TrimStart(':')).ToList())));
    }

    // Every configuration key the binder fills on an instance of the type, relative to its section.
    private static void Expand(ITypeSymbol type, string prefix, List<string> keys, int depth)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }
        if (IsScalar(type) || depth > 6)
        {
            keys.Add(prefix);
            return;
        }
        if (ElementType(type) is { } element)
        {
            Expand(element, prefix + ":*", keys, depth + 1);
            return;
        }
        if (type.IsAbstract || type.TypeKind == TypeKind.Interface)
        {
            return;
        }
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }
                var settable = property.SetMethod is { DeclaredAccessibility: Accessibility.Public };
                // The binder also fills get-only collections and objects in place.
                if (settable || (property.GetMethod is not null && !IsScalar(property.Type)))
                {
                    Expand(property.Type, prefix + ":" + property.Name, keys, depth + 1);
                }
            }
        }
    }

    private static bool IsScalar(ITypeSymbol type) =>
        type.SpecialType is not (SpecialType.None or SpecialType.System_Object)
        || type.TypeKind == TypeKind.Enum
        || type.ToDisplayString() is "System.TimeSpan" or "System.DateTimeOffset" or "System.Uri" or "System.Guid" or "System.Version" or "System.TimeOnly" or "System.DateOnly";

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }
        var dictionary = type.AllInterfaces.Append(type as INamedTypeSymbol).FirstOrDefault(i => i?.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>");
        if (dictionary is not null)
        {
            return dictionary.TypeArguments[1];
        }
        var enumerable = type.AllInterfaces.Append(type as INamedTypeSymbol).FirstOrDefault(i => i?.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        return enumerable?.TypeArguments[0];
    }

    private void Read(IOperation at, Resolved keys)
    {
        if (keys.Keys is { } resolved)
        {
            foreach (var key in resolved)
            {
                reads.Add(new SettingRead(SettingSource.Configuration, key, Location(at)));
            }
        }
        else
        {
            reads.Add(new SettingRead(SettingSource.Configuration, keys.Partial ?? "*", Location(at), keys.Reason));
        }
    }

    /// <summary>The configuration sections an expression can stand for ("" is the root).</summary>
    private Resolved PathOf(IOperation operation)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                return PathOf(conversion.Operand);
            case IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } section:
                var receiver = section.Instance ?? section.Arguments[0].Value;
                return Combine(PathOf(receiver), KeysOf(section.Arguments.Last().Value));
            case IInvocationOperation { TargetMethod.Name: "GetChildren" } children when children.Instance is { } parent:
                var parentPath = PathOf(parent);
                return parentPath.Keys is { } keys && keys.Contains("")
                    ? Resolved.Unknown("enumerates every top-level setting and picks some in code")
                    : Combine(parentPath, Known(["*"]));
            case ILocalReferenceOperation local:
                return Initializer(local.Local) is { } initializer ? PathOf(initializer) : RootIfWhole(operation.Type, $"local '{local.Local.Name}' has no initializer to follow");
            case IParameterReferenceOperation parameter:
                return FromCallSites(parameter.Parameter, PathOf, RootIfWhole(parameter.Type, $"parameter '{parameter.Parameter.Name}' is a section with no call site"));
            case IConditionalAccessInstanceOperation:
                return ConditionalReceiver(operation) is { } conditional ? PathOf(conditional) : Resolved.Unknown("conditional access without a receiver");
            default:
                return RootIfWhole(operation.Type, $"cannot tell which section {operation.Syntax} is");
        }
    }

    // A value typed as the whole configuration (IConfiguration, IConfigurationRoot, ConfigurationManager) is the root.
    private static Resolved RootIfWhole(ITypeSymbol? type, string reason) =>
        type is not null && IsConfiguration(type) && !IsSection(type) ? Known([""]) : Resolved.Unknown(reason);

    /// <summary>The strings a key expression can be.</summary>
    private Resolved KeysOf(IOperation operation)
    {
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            return Known([constant]);
        }
        switch (operation)
        {
            case IConversionOperation conversion:
                return KeysOf(conversion.Operand);
            case ILocalReferenceOperation local:
                return Initializer(local.Local) is { } initializer ? KeysOf(initializer) : Resolved.Unknown($"local '{local.Local.Name}' has no initializer");
            case IParameterReferenceOperation parameter:
                var fallback = parameter.Parameter.HasExplicitDefaultValue && parameter.Parameter.ExplicitDefaultValue is string d
                    ? Known([d])
                    : Resolved.Unknown($"parameter '{parameter.Parameter.Name}' has no call site");
                return FromCallSites(parameter.Parameter, KeysOf, fallback);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                return Combine(KeysOf(add.LeftOperand), KeysOf(add.RightOperand), separator: "");
            case IInterpolatedStringOperation interpolated:
                var parts = Known([""]);
                foreach (var part in interpolated.Parts)
                {
                    var piece = part switch
                    {
                        IInterpolatedStringTextOperation text => KeysOf(text.Text),
                        IInterpolationOperation hole => KeysOf(hole.Expression) is { Keys: not null } known ? known : Known(["*"]),
                        _ => Known(["*"]),
                    };
                    parts = Combine(parts, piece, separator: "");
                }
                return parts;
            case ILiteralOperation { ConstantValue.Value: string literal }:
                return Known([literal]);
            case IPropertyReferenceOperation property:
                return Resolved.Unknown($"the key is the value of {property.Property.ContainingType.Name}.{property.Property.Name} (a setting naming another setting)");
            default:
                return Resolved.Unknown($"cannot tell the key of {operation.Syntax}");
        }
    }

    private Resolved FromCallSites(IParameterSymbol parameter, Func<IOperation, Resolved> resolve, Resolved fallback)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || CallSites(method) is not { Count: > 0 } sites)
        {
            return fallback;
        }
        var all = new List<string>();
        foreach (var site in sites)
        {
            var argument = site.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal);
            if (argument is null)
            {
                return fallback;
            }
            var resolved = resolve(argument.Value);
            if (resolved.Keys is null)
            {
                return resolved;
            }
            all.AddRange(resolved.Keys);
        }
        return Known(all.Distinct().ToList());
    }

    private IOperation? Initializer(ILocalSymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var model = models.GetValueOrDefault(syntax.SyntaxTree);
            if (model is null)
            {
                return null;
            }
            if (syntax is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return model.GetOperation(value);
            }
            if (syntax is ForEachStatementSyntax loop)
            {
                return model.GetOperation(loop.Expression);
            }
            if (syntax.FirstAncestorOrSelf<IsPatternExpressionSyntax>() is { } pattern)
            {
                return model.GetOperation(pattern.Expression);
            }
        }
        return null;
    }

    private IOperation? ConditionalReceiver(IOperation instance)
    {
        var access = instance.Syntax.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>();
        return access is not null && models.TryGetValue(access.SyntaxTree, out var model) ? model.GetOperation(access.Expression) : null;
    }

    private static IOperation Receiver(IPropertyReferenceOperation property) => property.Instance!;

    private static ITypeSymbol? StaticType(IOperation operation) => operation is IConversionOperation conversion ? StaticType(conversion.Operand) : operation.Type;

    private static Resolved Combine(Resolved left, Resolved right, string separator = ":")
    {
        if (left.Keys is null)
        {
            return left;
        }
        if (right.Keys is null)
        {
            return right with { Partial = string.Join("|", left.Keys) };
        }
        var combined = new List<string>();
        foreach (var a in left.Keys)
        {
            foreach (var b in right.Keys)
            {
                combined.Add(a.Length == 0 || separator.Length == 0 ? a + b : b.Length == 0 ? a : a + separator + b);
            }
        }
        return Known(combined.Distinct().ToList());
    }

    private static Resolved Known(IReadOnlyList<string> keys) => new(keys, null, null);

    private static bool IsConfiguration(ITypeSymbol type) => Implements(type, ConfigurationInterface);

    private static bool IsSection(ITypeSymbol type) => Implements(type, SectionInterface);

    private static bool Implements(ITypeSymbol type, string name) =>
        type.ToDisplayString().TrimEnd('?') == name || type.AllInterfaces.Any(i => i.ToDisplayString() == name);

    private static string MethodId(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition.GetDocumentationCommentId() ?? method.ToDisplayString();

    private static string Location(IOperation operation)
    {
        var span = operation.Syntax.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    private sealed record Resolved(IReadOnlyList<string>? Keys, string? Reason, string? Partial)
    {
        public static Resolved Unknown(string reason) => new(null, reason, null);
    }
}
