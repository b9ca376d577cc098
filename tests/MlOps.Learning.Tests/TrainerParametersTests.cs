using MlOps.Learning.Training;

namespace MlOps.Learning.Tests;

public sealed class TrainerParametersTests
{
    [Fact]
    public void Keys_are_case_insensitive_and_defaults_are_described()
    {
        var trainer = TrainerRegistry.Create("RF", new Dictionary<string, string> { ["TREES"] = "12", ["embeddingsigma"] = "0.5" });
        Assert.Equal("rf", trainer.Kind);
        Assert.Equal("12", trainer.Parameters["trees"]);
        Assert.Equal("0.5", trainer.Parameters["embeddingSigma"]);
        Assert.Equal("16", trainer.Parameters["maxDepth"]);
        Assert.Equal("sqrt", trainer.Parameters["featureFraction"]);
        Assert.False(trainer.Parameters.ContainsKey("threads"));
    }

    [Fact]
    public void Sweep_parameters_are_accepted_by_every_kind()
    {
        foreach (var kind in TrainerRegistry.Kinds)
        {
            var trainer = TrainerRegistry.Create(kind, new Dictionary<string, string>
            {
                ["embeddingDim"] = "7", ["embeddingSigma"] = "1e-6", ["trainingFraction"] = "0.3", ["seed"] = "4",
            });
            Assert.Equal("7", trainer.Parameters["embeddingDim"]);
            Assert.Equal("0.3", trainer.Parameters["trainingFraction"]);
        }
    }

    [Theory]
    [InlineData("rf", "rounds", "10", "unknown parameter 'rounds' for model rf")]
    [InlineData("rf", "trees", "many", "trees='many' is not a whole number")]
    [InlineData("rf", "trees", "0", "trees=0 is out of range")]
    [InlineData("gbdt", "learningRate", "-1", "learningRate=-1 is out of range")]
    [InlineData("mlp", "hidden", "64,abc", "must be layer widths")]
    [InlineData("svm", "C", "0", "C=0 is out of range")]
    [InlineData("rf", "trainingFraction", "1.5", "trainingFraction=1.5 is out of range")]
    public void Bad_parameters_name_the_key(string kind, string key, string value, string message)
    {
        var error = Assert.Throws<TrainingParameterException>(() =>
            TrainerRegistry.Create(kind, new Dictionary<string, string> { [key] = value }));
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Unknown_kind_lists_the_known_ones()
    {
        var error = Assert.Throws<TrainingParameterException>(() => TrainerRegistry.Create("knn"));
        Assert.Contains("rf, gbdt, mlp, svm", error.Message);
    }
}
