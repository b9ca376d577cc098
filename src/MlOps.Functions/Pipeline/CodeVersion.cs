using System.Reflection;

namespace MlOps.Functions.Pipeline;

/// <summary>The version of this code, recorded on every model card (informational version, with the commit when the build knows it).</summary>
public static class CodeVersion
{
    public static string Current { get; } =
        typeof(CodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
