using System.Xml.Linq;
using MlOps.Reports.Svg;

namespace MlOps.Reports.Tests;

public sealed class SvgWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Writes_a_well_formed_document_with_its_size_and_escaped_text()
    {
        var svg = new SvgWriter(200, 100, "a \"plot\" <of> things & more", "plot test")
            .Rect(1.005, 2, 10, 20, fill: "#ff0000", cssClass: "cell", title: "<script>alert('x')</script>")
            .Text(5, 6, "t001 · rf & <b>", anchor: "middle")
            .BeginGroup("g1").Circle(3, 4, 2, "#00ff00").EndGroup()
            .ToString();

        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("200", root.Attribute("width")!.Value);
        Assert.Equal("100", root.Attribute("height")!.Value);
        Assert.Equal("0 0 200 100", root.Attribute("viewBox")!.Value);
        Assert.Equal("a \"plot\" <of> things & more", root.Attribute("aria-label")!.Value);
        var rect = root.Element(Svg + "rect")!;
        Assert.Equal("cell", rect.Attribute("class")!.Value);
        Assert.Equal("1", rect.Attribute("x")!.Value);
        Assert.Equal("<script>alert('x')</script>", rect.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("<script>", svg);
        Assert.Equal("t001 · rf & <b>", root.Element(Svg + "text")!.Value);
        Assert.Single(root.Descendants(Svg + "circle"));
    }

    [Fact]
    public void Control_characters_in_text_do_not_break_the_xml()
    {
        var svg = new SvgWriter(10, 10, "label").Text(0, 0, "stderr tail\u0001\u001b[31m").ToString();
        Assert.Contains("\uFFFD", XDocument.Parse(svg).Root!.Value);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.001, "0")]
    [InlineData(12.347, "12.35")]
    [InlineData(-7.5, "-7.5")]
    [InlineData(1e7, "10000000")]
    public void Numbers_are_invariant_with_two_decimals_at_most(double value, string expected) =>
        Assert.Equal(expected, SvgWriter.Number(value));

    [Fact]
    public void Non_finite_coordinates_are_refused()
    {
        var svg = new SvgWriter(10, 10, "label");
        Assert.Throws<ArgumentOutOfRangeException>(() => svg.Circle(double.NaN, 1, 1, "#000"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgWriter(0, 10, "empty"));
    }

    [Fact]
    public void Open_groups_are_closed_with_the_document()
    {
        var svg = new SvgWriter(10, 10, "label").BeginGroup().BeginGroup().Rect(0, 0, 1, 1).ToString();
        Assert.Equal(2, XDocument.Parse(svg).Root!.Descendants(Svg + "g").Count());
        Assert.Throws<InvalidOperationException>(() => new SvgWriter(10, 10, "label").EndGroup());
    }
}
