using MlOps.Learning.Data;
using MlOps.Testing;

namespace MlOps.Learning.Tests;

public sealed class CsvDatasetTests
{
    [Fact]
    public void Round_trip_keeps_every_value_and_label()
    {
        using var directory = new TemporaryDirectory();
        var data = SyntheticSeabed.Generate(500, 3);
        var path = directory.File("data.csv");
        CsvDataset.Write(data, path);
        var read = CsvDataset.Read(path);
        Assert.Equal(data.FeatureNames, read.FeatureNames);
        Assert.Equal(data.Features, read.Features);
        Assert.Equal(data.Labels, read.Labels);
    }

    [Fact]
    public void Label_column_may_be_anywhere_and_features_keep_their_order()
    {
        var data = Read("a,label,b\n1.5,2,-3\n0,5,1e3\n");
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal([1.5f, -3f, 0f, 1000f], data.Features);
        Assert.Equal([2, 5], data.Labels);
    }

    [Fact]
    public void Missing_label_column_is_named()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read("a,b,class\n1,2,3\n"));
        Assert.Equal(1, error.Line);
        Assert.Equal("label", error.Column);
        Assert.Contains("no 'label' column", error.Message);
        Assert.Contains("a, b, class", error.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    public void Non_finite_feature_names_line_and_column(string value)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read($"depth,x,label\n1,2,1\n3,{value},2\n"));
        Assert.Equal(3, error.Line);
        Assert.Equal("x", error.Column);
        Assert.Contains("line 3, column 'x'", error.Message);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("0")]
    [InlineData("-1")]
    public void Class_outside_1_to_5_names_line_and_label(string label)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read($"depth,label\n1,1\n2,3\n3,{label}\n"));
        Assert.Equal(4, error.Line);
        Assert.Equal("label", error.Column);
        Assert.Contains("outside 1–5", error.Message);
    }

    [Fact]
    public void Zero_rows_is_an_error()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read("depth,label\n"));
        Assert.Contains("no data rows", error.Message);
        Assert.Throws<DatasetFormatException>(() => Read(""));
    }

    [Fact]
    public void Text_in_a_number_column_and_short_rows_name_the_line()
    {
        var text = Assert.Throws<DatasetFormatException>(() => Read("depth,x,label\n1,2,1\n1,abc,2\n"));
        Assert.Equal(3, text.Line);
        Assert.Equal("x", text.Column);
        Assert.Contains("'abc' is not a number", text.Message);
        var shortRow = Assert.Throws<DatasetFormatException>(() => Read("depth,x,label\n1,2,1\n1,2\n"));
        Assert.Equal(3, shortRow.Line);
        Assert.Contains("2 fields, expected 3", shortRow.Message);
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CsvDataset.Read("/nonexistent/data.csv"));
        Assert.Contains("no such file", error.Message);
    }

    private static Dataset Read(string text) => CsvDataset.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "test.csv");
}
