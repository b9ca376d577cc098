using MlOps.Learning.Data;
using MlOps.Learning.Models;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;
using MlOps.Testing;

namespace MlOps.Onnx.Tests;

/// <summary>Exported models under ONNX Runtime and the onnx checker, for every model kind.</summary>
public sealed class ExportedModelTests
{
    private static readonly Dataset Training = SyntheticSeabed.Generate(6000, 31);
    private static readonly Dataset Unseen = SyntheticSeabed.Generate(100_000, 32);

    public static TheoryData<string, string> Models => new()
    {
        { "rf", "trees=30,embeddingDim=7,embeddingSigma=2" },
        { "rf", "trees=20,maxDepth=0" },
        { "gbdt", "rounds=40,embeddingDim=3,embeddingSigma=0.5" },
        { "mlp", "epochs=4,hidden=32,16,embeddingDim=6" },
        { "svm", "epochs=10,embeddingDim=2,embeddingSigma=1e-6" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_predicts_what_the_model_predicts_on_100k_rows(string kind, string parameters)
    {
        var model = TrainerRegistry.Create(kind, Parse(parameters)).Train(Training);
        var onnx = OnnxExporter.Export(model);
        using var session = OnnxSession.Create(onnx);

        var ours = model.Predict(Unseen);
        var theirs = session.Run(Unseen.Features, Unseen.Rows, Unseen.Columns);

        Assert.Equal(ours.Labels, theirs.Labels);
        var worst = 0.0;
        for (var i = 0; i < ours.Probabilities.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(ours.Probabilities[i] - theirs.Probabilities[i]));
        }
        Assert.True(worst <= 1e-5, $"largest probability difference {worst}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_checker_accepts_the_file(string kind, string parameters)
    {
        var model = TrainerRegistry.Create(kind, Parse(parameters)).Train(Training);
        using var directory = new TemporaryDirectory();
        var path = directory.File("model.onnx");
        File.WriteAllBytes(path, OnnxExporter.Export(model));
        var output = DebianPython.Run("""
import sys, onnx
model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
graph = model.graph
print(graph.input[0].name, [o.name for o in graph.output], [(i.domain, i.version) for i in model.opset_import])
""", path);
        Assert.Contains("features ['label', 'probabilities']", output);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void One_thread_and_all_threads_write_identical_files(string kind, string parameters)
    {
        var one = TrainerRegistry.Create(kind, Parse(parameters + ",seed=3,threads=1")).Train(Training);
        var all = TrainerRegistry.Create(kind, Parse(parameters + $",seed=3,threads={Environment.ProcessorCount * 2}")).Train(Training);
        Assert.Equal(OnnxExporter.Export(one), OnnxExporter.Export(all));
    }

    [Fact]
    public void Model_card_summary_is_in_the_metadata()
    {
        var model = TrainerRegistry.Create("rf", Parse("trees=5,embeddingDim=2")).Train(Training);
        var onnx = OnnxExporter.Export(model, new Dictionary<string, string> { ["mlops.data_years"] = "2016,2017" });
        var fromFile = OnnxExporter.ReadMetadata(onnx);
        using var session = OnnxSession.Create(onnx);
        Assert.Equal(fromFile, session.Metadata);
        Assert.Equal("rf", fromFile[OnnxMetadataKeys.Kind]);
        Assert.Equal("2016,2017", fromFile["mlops.data_years"]);
        Assert.Contains("\"embeddingDim\":\"2\"", fromFile[OnnxMetadataKeys.Parameters]);
        Assert.Contains("\"accuracy\"", fromFile[OnnxMetadataKeys.ValidationMetrics]);
        Assert.Equal("""["backscatter_low","backscatter_mid","backscatter_high","depth","x","y"]""", fromFile[OnnxMetadataKeys.InputColumns]);
    }

    [Fact]
    public void Concurrent_runs_on_one_session_agree()
    {
        var model = TrainerRegistry.Create("gbdt", Parse("rounds=20,embeddingDim=2")).Train(Training);
        using var session = OnnxSession.Create(OnnxExporter.Export(model), new OnnxSessionOptions { IntraOpThreads = 1 });
        var rows = 5000;
        var slice = Unseen.Features.AsSpan(0, rows * Unseen.Columns).ToArray();
        var expected = session.Run(slice, rows, Unseen.Columns);
        var results = new Prediction[8];
        Parallel.For(0, results.Length, i => results[i] = session.Run(slice, rows, Unseen.Columns));
        Assert.All(results, r =>
        {
            Assert.Equal(expected.Labels, r.Labels);
            Assert.Equal(expected.Probabilities, r.Probabilities);
        });
    }

    internal static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>();
        string? last = null;
        foreach (var part in text.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2)
            {
                result[kv[0]] = kv[1];
                last = kv[0];
            }
            else
            {
                result[last!] += "," + part;
            }
        }
        return result;
    }
}
