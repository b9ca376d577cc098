namespace MlOps.Infra.Tests.Images;

/// <summary>One Dockerfile instruction (continuation lines joined), with the line it starts on.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>One build stage: its base image, its name and its instructions.</summary>
public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}
