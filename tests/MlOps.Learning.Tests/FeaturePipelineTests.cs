using MlOps.Learning.Data;
using MlOps.Learning.Features;
using MlOps.Surveys.Features;

namespace MlOps.Learning.Tests;

public sealed class FeaturePipelineTests
{
    [Fact]
    public void Standardizes_with_training_statistics_and_appends_fourier_pairs()
    {
        var data = SyntheticSeabed.Generate(3000, 5);
        var pipeline = FeaturePipeline.Fit(data, embeddingDim: 4, embeddingSigma: 0.8, seed: 3);
        Assert.Equal(6 + 8, pipeline.OutputCount);
        var output = pipeline.Transform(data);
        for (var c = 0; c < 6; c++)
        {
            double sum = 0, squares = 0;
            for (var r = 0; r < data.Rows; r++)
            {
                sum += output[r * 14 + c];
                squares += output[r * 14 + c] * output[r * 14 + c];
            }
            Assert.InRange(sum / data.Rows, -1e-3, 1e-3);
            Assert.InRange(squares / data.Rows, 0.999, 1.001);
        }
        // The positional columns are the shared RandomFourierFeatures definition of the standardized x, y.
        var reference = new RandomFourierFeatures(4, 0.8, 3);
        Span<float> expected = stackalloc float[8];
        for (var r = 0; r < 200; r++)
        {
            reference.Transform(output[r * 14 + 4], output[r * 14 + 5], expected);
            for (var k = 0; k < 8; k++)
            {
                Assert.Equal(expected[k], output[r * 14 + 6 + k], 1e-5);
            }
        }
    }

    [Fact]
    public void Constant_columns_do_not_divide_by_zero()
    {
        var data = new Dataset(["a", "b"], [1, 5, 1, 6, 1, 7], [1, 2, 3]);
        var pipeline = FeaturePipeline.Fit(data);
        Assert.Equal(1f, pipeline.Scales[0]);
        Assert.All(pipeline.Transform(data), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Columns_are_matched_by_name()
    {
        var data = SyntheticSeabed.Generate(100, 5);
        var pipeline = FeaturePipeline.Fit(data);
        var reordered = data.WithColumns(data.FeatureNames.Reverse().ToArray());
        Assert.Equal(pipeline.Transform(data), pipeline.Transform(reordered));
        var missing = data.WithColumns(["x", "y"]);
        var error = Assert.Throws<DatasetFormatException>(() => pipeline.Transform(missing));
        Assert.Contains("'backscatter_low' is missing", error.Message);
    }
}
