using Google.Protobuf;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Protobuf;
using MlOps.Registry;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// Real models for the canary tests, trained in a second on synthesized surveys of one site
/// (2016–2018, 128×128 pixels) and exported to ONNX: the champion knows 2016–2017, the better
/// challenger all three years, the worse one only 2016 (the wrong year for 2018 traffic). The
/// traffic is 2018's labelled pixels, so feedback has true classes.
/// </summary>
public sealed class CanaryModels
{
    private static readonly Lazy<Task<CanaryModels>> Shared = new(BuildAsync);

    private CanaryModels(byte[] champion, byte[] better, byte[] worse, Dataset traffic, string survey2018)
    {
        Survey2018 = survey2018;
        Champion = champion;
        Better = better;
        Worse = worse;
        Traffic = traffic;
    }

    /// <summary>Trained on 2016 and 2017.</summary>
    public byte[] Champion { get; }

    /// <summary>Trained on 2016–2018.</summary>
    public byte[] Better { get; }

    /// <summary>Trained on 2016 only.</summary>
    public byte[] Worse { get; }

    /// <summary>2018's labelled pixels: raw inputs in model order, true classes.</summary>
    public Dataset Traffic { get; }

    /// <summary>The 2018 survey package folder (backscatter.tif, bathymetry.tif, groundtruth.tif).</summary>
    public string Survey2018 { get; }

    public static Task<CanaryModels> GetAsync() => Shared.Value;

    public float[] Row(int index) => Traffic.Row(index % Traffic.Rows).ToArray();

    /// <summary>
    /// <paramref name="model"/> with a guard in front of its graph that makes ONNX Runtime fail
    /// (a Gather index out of bounds) on any batch holding a row deeper than <paramref name="depthLimit"/>:
    /// a real runtime failure on some inputs, the same answers on the others.
    /// </summary>
    public static byte[] FailingBeyondDepth(byte[] model, float depthLimit)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        const string checkedInput = "features_checked";
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == OnnxExporter.InputName)
                {
                    node.Input[i] = checkedInput;
                }
            }
        }
        graph.Initializer.Add(Int64s("guard_depth_column", [1], 3));
        graph.Initializer.Add(Floats("guard_depth_limit", [], depthLimit));
        graph.Initializer.Add(Int64s("guard_out_of_range", [], 7));
        graph.Initializer.Add(Int64s("guard_flat", [1], -1));
        graph.Initializer.Add(Floats("guard_zeros", [1, 6], 0, 0, 0, 0, 0, 0));
        var guard = new[]
        {
            Node("Gather", ["features", "guard_depth_column"], ["guard_depth"], ("axis", 1)),
            Node("Greater", ["guard_depth", "guard_depth_limit"], ["guard_deep"]),
            Node("Cast", ["guard_deep"], ["guard_deep_int"], ("to", (long)TensorProto.Types.DataType.Int64)),
            Node("Mul", ["guard_deep_int", "guard_out_of_range"], ["guard_index_2d"]),
            Node("Reshape", ["guard_index_2d", "guard_flat"], ["guard_index"]),
            Node("Gather", ["guard_zeros", "guard_index"], ["guard_offsets"], ("axis", 0)),
            Node("Add", ["features", "guard_offsets"], [checkedInput]),
        };
        for (var i = 0; i < guard.Length; i++)
        {
            graph.Node.Insert(i, guard[i]);
        }
        return proto.ToByteArray();
    }

    public static async Task<int> RegisterAsync(ModelRegistryClient registry, string model, byte[] bytes, string runId, bool champion = false)
    {
        var card = await registry.RegisterAsync(model, new ModelRegistration
        {
            RunId = runId,
            ModelKind = "rf",
            DataYears = [new DataYear(2018, [])],
        }, BinaryData.FromBytes(bytes));
        if (champion)
        {
            await registry.SetAliasAsync(model, ModelAlias.Champion, card.Version);
            await registry.GetRolloutClient(model).SetChampionAsync(card.Version, "first model");
        }
        else
        {
            await registry.SetAliasAsync(model, ModelAlias.Challenger, card.Version);
        }
        return card.Version;
    }

    private static async Task<CanaryModels> BuildAsync()
    {
        var root = RepositoryPaths.NewWorkDirectory("canary-site");
        await new SurveySynthesizer(new SurveySynthesisOptions { Site = "canary", Size = 128, Seed = 3 }).WriteSiteAsync(root, [2016, 2017, 2018]);
        var folders = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
        var years = folders.Select(d => DataSources.FromSurvey(d)).ToArray();
        byte[] Train(params Dataset[] data) => OnnxExporter.Export(
            TrainerRegistry.Create("rf", new Dictionary<string, string> { ["trees"] = "20", ["maxDepth"] = "10", ["seed"] = "5" }).Train(Dataset.Concat(data)));
        return new CanaryModels(Train(years[0], years[1]), Train(years), Train(years[0]), years[2], folders[2]);
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, params (string Name, long Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(new AttributeProto { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int });
        }
        return node;
    }

    private static TensorProto Floats(string name, long[] dims, params float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static TensorProto Int64s(string name, long[] dims, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }
}
