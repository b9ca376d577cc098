using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;

namespace MlOps.Onnx.Tests;

/// <summary>Runs alone: it reads the process's resident memory, which other tests' data would move.</summary>
[CollectionDefinition(nameof(OnnxSessionLifetimeTests), DisableParallelization = true)]
public sealed class MemoryMeasuringCollection;

[Collection(nameof(OnnxSessionLifetimeTests))]
public sealed class OnnxSessionLifetimeTests
{
    [Fact]
    public void Creating_running_and_disposing_sessions_does_not_grow_native_memory()
    {
        var model = OnnxExporter.Export(TrainerRegistry.Create("gbdt", new Dictionary<string, string> { ["rounds"] = "20", ["embeddingDim"] = "2" })
            .Train(SyntheticSeabed.Generate(2000, 1)));
        var data = SyntheticSeabed.Generate(2000, 2);
        void Cycle(int times)
        {
            for (var i = 0; i < times; i++)
            {
                using var session = OnnxSession.Create(model, new OnnxSessionOptions { IntraOpThreads = 1 });
                session.Run(data.Features, data.Rows, data.Columns);
                session.Run(new Dictionary<string, OnnxTensor> { ["features"] = OnnxTensor.FromFloats(data.Features, data.Rows, data.Columns) });
            }
        }
        Cycle(30);
        var before = ResidentBytes();
        Cycle(300);
        var growth = ResidentBytes() - before;
        // A leaked session holds its model and buffers (well over 100 KB each): 300 of them would show.
        Assert.True(growth < 24L << 20, $"resident memory grew by {growth >> 20} MB over 300 sessions");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
