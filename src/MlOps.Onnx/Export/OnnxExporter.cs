using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using MlOps.Learning.Features;
using MlOps.Learning.Models;
using MlOps.Onnx.Protobuf;
using DataType = MlOps.Onnx.Protobuf.TensorProto.Types.DataType;

namespace MlOps.Onnx.Export;

/// <summary>
/// Writes a trained model as an ONNX model (IR 8, opset ai.onnx 17, ai.onnx.ml 3) that takes
/// raw per-pixel inputs <c>features</c> float32 [N, F] and gives <c>label</c> int64 [N] and
/// <c>probabilities</c> float32 [N, 5]. The feature pipeline is part of the graph: Sub/Div
/// standardization, then the random Fourier features as Gather, Mul, Mul, Add, a polynomial
/// sine and cosine (Round, Sub, Mul, Add) and an interleaving Concat/Reshape, the same float32 operations in the same order as
/// <see cref="FeaturePipeline"/>. Tree ensembles become ai.onnx.ml TreeEnsembleClassifier;
/// the MLP and the linear SVM become MatMul/Add/Relu/Softmax/ArgMax. The output is
/// byte-for-byte a function of the model and the metadata.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "features";
    public const string LabelName = "label";
    public const string ProbabilitiesName = "probabilities";
    public const long IrVersion = 8;
    public const long OnnxOpset = 17;
    public const long MlOpset = 3;
    public const string MlDomain = "ai.onnx.ml";
    public const string Producer = "MlOps.Functions";

    private static readonly string[] ClassNames = ["Yellow Sand", "Sand and Algae", "Mud Sand and Corals", "Sand", "Gravel"];

    /// <summary>Exports a trained model; <paramref name="metadata"/> adds or overrides model card entries.</summary>
    public static byte[] Export(TrainedModel model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var card = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxMetadataKeys.Kind] = model.Kind,
            [OnnxMetadataKeys.Parameters] = JsonSerializer.Serialize(model.Parameters),
            [OnnxMetadataKeys.ValidationMetrics] = JsonSerializer.Serialize(model.ValidationMetrics),
            [OnnxMetadataKeys.TrainingRows] = model.TrainingRows.ToString(CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.ValidationRows] = model.ValidationRows.ToString(CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.Steps] = model.Steps.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            card[key] = value;
        }
        return Export(model.Classifier, model.Pipeline, card);
    }

    public static byte[] Export(Classifier classifier, FeaturePipeline pipeline, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (classifier.FeatureCount != pipeline.OutputCount)
        {
            throw new ArgumentException($"the classifier takes {classifier.FeatureCount} features but the pipeline makes {pipeline.OutputCount}.");
        }
        var graph = new OnnxGraphBuilder("mlops_seabed_classifier");
        graph.Input(InputName, DataType.Float, "N", pipeline.InputCount);
        var modelInput = AddPipeline(graph, pipeline);
        var usesMl = false;
        switch (classifier)
        {
            case TreeEnsembleClassifier trees:
                AddTreeEnsemble(graph, trees, modelInput);
                usesMl = true;
                break;
            case MultilayerPerceptronClassifier mlp:
                var activation = modelInput;
                for (var l = 0; l < mlp.LayerCount; l++)
                {
                    var w = graph.Floats($"layer{l}_weight", mlp.Weights[l], mlp.Sizes[l], mlp.Sizes[l + 1]);
                    var b = graph.Floats($"layer{l}_bias", mlp.Biases[l], mlp.Sizes[l + 1]);
                    activation = graph.Apply("Add", graph.Apply("MatMul", activation, w), b);
                    if (l < mlp.LayerCount - 1)
                    {
                        activation = graph.Apply("Relu", activation);
                    }
                }
                AddScoresToOutputs(graph, activation);
                break;
            case LinearClassifier linear:
                var weights = graph.Floats("svm_weight", linear.Weights, linear.FeatureCount, Classifier.ClassCount);
                var biases = graph.Floats("svm_bias", linear.Biases, Classifier.ClassCount);
                AddScoresToOutputs(graph, graph.Apply("Add", graph.Apply("MatMul", modelInput, weights), biases));
                break;
            default:
                throw new NotSupportedException($"no ONNX export for {classifier.GetType().Name}.");
        }
        graph.Output(LabelName, DataType.Int64, "N");
        graph.Output(ProbabilitiesName, DataType.Float, "N", Classifier.ClassCount);

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = Producer,
            ProducerVersion = "1.0",
            Domain = "mlops.functions",
            ModelVersion = 1,
            DocString = "Seabed classification from raw per-pixel inputs (backscatter bands, depth, map coordinates); classes 1–5.",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxOpset });
        if (usesMl)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
        }
        var card = new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal)
        {
            [OnnxMetadataKeys.InputColumns] = JsonSerializer.Serialize(pipeline.InputColumns),
            [OnnxMetadataKeys.Classes] = JsonSerializer.Serialize(ClassNames.Select((n, i) => $"{i + 1} {n}")),
        };
        foreach (var (key, value) in card)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return model.ToByteArray();
    }

    private static string AddPipeline(OnnxGraphBuilder graph, FeaturePipeline pipeline)
    {
        var f = pipeline.InputCount;
        var means = graph.Floats("feature_mean", pipeline.Means, f);
        var scales = graph.Floats("feature_scale", pipeline.Scales, f);
        var standardized = graph.Apply("Div", graph.Apply("Sub", InputName, means), scales);
        var dim = pipeline.EmbeddingDim;
        if (dim == 0)
        {
            return standardized;
        }
        var x = graph.Name("x");
        graph.Node("Gather", [standardized, graph.Int64s("x_index", [pipeline.XIndex], 1)], [x]).With("axis", 1);
        var y = graph.Name("y");
        graph.Node("Gather", [standardized, graph.Int64s("y_index", [pipeline.YIndex], 1)], [y]).With("axis", 1);
        var turns = graph.Apply("Add",
            graph.Apply("Mul", x, graph.Floats("turn_weight_x", pipeline.TurnWeightsX, 1, dim)),
            graph.Apply("Mul", y, graph.Floats("turn_weight_y", pipeline.TurnWeightsY, 1, dim)));
        var folded = graph.Apply("Sub", turns, graph.Apply("Round", turns));
        var squared = graph.Apply("Mul", folded, folded);
        var lastAxis = graph.Int64s("axis_2", [2], 1);
        var sine = graph.Apply("Unsqueeze", graph.Apply("Mul", Horner(graph, PeriodicPolynomial.Sine, squared, "sine"), folded), lastAxis);
        var cosine = graph.Apply("Unsqueeze", Horner(graph, PeriodicPolynomial.Cosine, squared, "cosine"), lastAxis);
        var pairs = graph.Name("sin_cos");
        graph.Node("Concat", [sine, cosine], [pairs]).With("axis", 2);
        var fourier = graph.Apply("Reshape", pairs, graph.Int64s("shape_n_by_pairs", [0, 2L * dim], 2));
        var joined = graph.Name("model_input");
        graph.Node("Concat", [standardized, fourier], [joined]).With("axis", 1);
        return joined;
    }

    // The same multiply-then-add steps as PeriodicPolynomial, one ONNX node each.
    private static string Horner(OnnxGraphBuilder graph, float[] coefficients, string squared, string name)
    {
        var accumulator = graph.Apply("Mul", squared, graph.Floats($"{name}_c{coefficients.Length - 1}", [coefficients[^1]]));
        for (var k = coefficients.Length - 2; k >= 0; k--)
        {
            accumulator = graph.Apply("Add", accumulator, graph.Floats($"{name}_c{k}", [coefficients[k]]));
            if (k > 0)
            {
                accumulator = graph.Apply("Mul", accumulator, squared);
            }
        }
        return accumulator;
    }

    private static void AddScoresToOutputs(OnnxGraphBuilder graph, string scores)
    {
        graph.Node("Softmax", [scores], [ProbabilitiesName]).With("axis", 1);
        var index = graph.Name("class_index");
        graph.Node("ArgMax", [scores], [index]).With("axis", 1).With("keepdims", 0).With("select_last_index", 0);
        graph.Node("Add", [index, graph.Int64s("one", [1])], [LabelName]);
    }

    private static void AddTreeEnsemble(OnnxGraphBuilder graph, TreeEnsembleClassifier ensemble, string input)
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var modes = new List<string>();
        var values = new List<float>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var classTreeIds = new List<long>();
        var classNodeIds = new List<long>();
        var classIds = new List<long>();
        var classWeights = new List<float>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var treeClass = ensemble.TreeClass(t);
            for (var n = 0; n < tree.NodeCount; n++)
            {
                treeIds.Add(t);
                nodeIds.Add(n);
                var leaf = tree.Feature[n] < 0;
                featureIds.Add(leaf ? 0 : tree.Feature[n]);
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ");
                values.Add(leaf ? 0f : tree.Threshold[n]);
                trueIds.Add(leaf ? 0 : tree.Left[n]);
                falseIds.Add(leaf ? 0 : tree.Right[n]);
                if (!leaf)
                {
                    continue;
                }
                var leafIndex = tree.Left[n];
                if (treeClass >= 0)
                {
                    classTreeIds.Add(t);
                    classNodeIds.Add(n);
                    classIds.Add(treeClass);
                    classWeights.Add(tree.LeafValues[leafIndex]);
                    continue;
                }
                for (var c = 0; c < Classifier.ClassCount; c++)
                {
                    var weight = tree.LeafValues[leafIndex * Classifier.ClassCount + c];
                    if (weight != 0f)
                    {
                        classTreeIds.Add(t);
                        classNodeIds.Add(n);
                        classIds.Add(c);
                        classWeights.Add(weight);
                    }
                }
            }
        }
        var node = graph.Node("TreeEnsembleClassifier", [input], [LabelName, ProbabilitiesName], OnnxExporter.MlDomain)
            .With("classlabels_int64s", Enumerable.Range(1, Classifier.ClassCount).Select(i => (long)i))
            .With("nodes_treeids", treeIds)
            .With("nodes_nodeids", nodeIds)
            .With("nodes_featureids", featureIds)
            .With("nodes_modes", modes)
            .With("nodes_values", values)
            .With("nodes_truenodeids", trueIds)
            .With("nodes_falsenodeids", falseIds)
            .With("class_treeids", classTreeIds)
            .With("class_nodeids", classNodeIds)
            .With("class_ids", classIds)
            .With("class_weights", classWeights)
            .With("post_transform", ensemble.Aggregation == TreeAggregation.SoftmaxSum ? "SOFTMAX" : "NONE");
        if (ensemble.Aggregation == TreeAggregation.SoftmaxSum)
        {
            node.With("base_values", ensemble.BaseScores);
        }
    }

    /// <summary>The model card entries of an exported model.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(byte[] onnx)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        return model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}
