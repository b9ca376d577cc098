namespace MlOps.Surveys.Synthesis;

/// <summary>The seabed classes of the ground truth, with their raster codes (0 = unlabelled).</summary>
public enum SeabedClass : byte
{
    YellowSand = 1,
    SandAndAlgae = 2,
    MudSandAndCorals = 3,
    Sand = 4,
    Gravel = 5,
}

public static class SeabedClasses
{
    public const int Count = 5;

    public static IReadOnlyList<SeabedClass> All { get; } = Enum.GetValues<SeabedClass>();

    public static string DisplayName(this SeabedClass seabedClass) => seabedClass switch
    {
        SeabedClass.YellowSand => "Yellow Sand",
        SeabedClass.SandAndAlgae => "Sand and Algae",
        SeabedClass.MudSandAndCorals => "Mud Sand and Corals",
        SeabedClass.Sand => "Sand",
        SeabedClass.Gravel => "Gravel",
        _ => seabedClass.ToString(),
    };
}
