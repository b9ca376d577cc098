using System.Xml.Linq;

namespace MlOps.Infra.Tests.Settings;

/// <summary>A project and every project it references, directly or not, read from the .csproj files.</summary>
public static class ProjectClosure
{
    public static IReadOnlyList<string> Of(string projectFile)
    {
        var seen = new List<string>();
        Visit(Path.GetFullPath(projectFile), seen);
        return seen;
    }

    private static void Visit(string project, List<string> seen)
    {
        if (seen.Contains(project))
        {
            return;
        }
        seen.Add(project);
        var directory = Path.GetDirectoryName(project)!;
        foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
        {
            var include = reference.Attribute("Include")?.Value ?? throw new InvalidDataException($"{project}: a ProjectReference without Include.");
            Visit(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', '/'))), seen);
        }
    }

    /// <summary>The assembly a project builds (AssemblyName, else the project file's name).</summary>
    public static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);
}
