namespace MlOps.Reports.Maps;

/// <summary>The three pictures of a map, by the names their URLs and cached blobs use.</summary>
public static class MapKinds
{
    public const string Predicted = "predicted";
    public const string Truth = "truth";
    public const string Disagreement = "disagreement";

    public static IReadOnlyList<string> All { get; } = [Predicted, Truth, Disagreement];

    public static bool IsKnown(string kind) => All.Contains(kind);

    public static string Title(string kind) => kind switch
    {
        Predicted => "predicted classes",
        Truth => "ground truth",
        Disagreement => "disagreement",
        _ => kind,
    };
}
