namespace MlOps.Infra.Tests.Images;

/// <summary>The README's "Deploying to Azure" section: its shell code blocks, in order.</summary>
public static class ReadmeDeployment
{
    public const string Heading = "## Deploying to Azure";

    public static IReadOnlyList<string> CodeLines(string readmePath)
    {
        var lines = File.ReadAllLines(readmePath);
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0)
        {
            throw new InvalidDataException($"{readmePath} has no '{Heading}' section.");
        }
        var code = new List<string>();
        var inBlock = false;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!inBlock && line.StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }
            if (inBlock && line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                code.Add(line.Trim());
            }
        }
        return code;
    }

    /// <summary>The section's `dotnet publish` command for one project.</summary>
    public static string PublishCommand(string readmePath, string projectRelativePath)
    {
        var commands = CodeLines(readmePath).Where(l => l.StartsWith("dotnet publish ", StringComparison.Ordinal) && l.Contains(projectRelativePath, StringComparison.Ordinal)).ToList();
        return commands.Count == 1
            ? commands[0]
            : throw new InvalidDataException($"README's '{Heading}' section has {commands.Count} 'dotnet publish' commands for {projectRelativePath}; it needs exactly one.");
    }

    public static string Normalize(string command) => string.Join(' ', command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
