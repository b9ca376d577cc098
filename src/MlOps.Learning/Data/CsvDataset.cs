using System.Globalization;
using System.Text;

namespace MlOps.Learning.Data;

/// <summary>
/// Reads and writes datasets as CSV: a header row naming the feature columns and a
/// <c>label</c> column (seabed class 1–5), then one row per pixel. Numbers use '.' as the
/// decimal separator. Any problem is reported with its line and column.
/// </summary>
public static class CsvDataset
{
    public const string LabelColumn = "label";

    public static Dataset Read(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream, path);
    }

    public static Dataset Read(Stream stream, string source)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var headerLine = reader.ReadLine();
        if (headerLine is null || headerLine.Trim().Length == 0)
        {
            throw new DatasetFormatException($"{source}: the file is empty; expected a header row with feature columns and '{LabelColumn}'.", source, 1, null);
        }
        var header = headerLine.Split(',').Select(h => h.Trim().Trim('"').Trim()).ToArray();
        var labelIndex = Array.IndexOf(header, LabelColumn);
        if (labelIndex < 0)
        {
            throw new DatasetFormatException(
                $"{source} line 1: no '{LabelColumn}' column in the header (columns: {string.Join(", ", header)}).", source, 1, LabelColumn);
        }
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new DatasetFormatException($"{source} line 1, column {i + 1}: the column has no name.", source, 1, $"#{i + 1}");
            }
            if (Array.IndexOf(header, header[i]) != i)
            {
                throw new DatasetFormatException($"{source} line 1: column '{header[i]}' appears twice.", source, 1, header[i]);
            }
        }
        var names = header.Where((_, i) => i != labelIndex).ToArray();
        if (names.Length == 0)
        {
            throw new DatasetFormatException($"{source} line 1: no feature columns besides '{LabelColumn}'.", source, 1, null);
        }

        var features = new List<float>(1 << 16);
        var labels = new List<int>(1 << 12);
        var cells = new Range[header.Length + 1];
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var span = line.AsSpan();
            if (span.Trim().Length == 0)
            {
                continue;
            }
            var count = span.Split(cells, ',');
            if (count != header.Length)
            {
                var actual = count > header.Length ? "more than " + header.Length : count.ToString(CultureInfo.InvariantCulture);
                throw new DatasetFormatException(
                    $"{source} line {lineNumber}: {actual} fields, expected {header.Length} ({string.Join(", ", header)}).", source, lineNumber, null);
            }
            for (var i = 0; i < header.Length; i++)
            {
                var text = span[cells[i]].Trim();
                if (i == labelIndex)
                {
                    labels.Add(ParseLabel(text, source, lineNumber));
                    continue;
                }
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new DatasetFormatException(
                        $"{source} line {lineNumber}, column '{header[i]}': '{text}' is not a number.", source, lineNumber, header[i]);
                }
                if (!float.IsFinite(value))
                {
                    throw new DatasetFormatException(
                        $"{source} line {lineNumber}, column '{header[i]}': {text} is not a usable feature value (features must be finite).", source, lineNumber, header[i]);
                }
                features.Add(value);
            }
        }
        if (labels.Count == 0)
        {
            throw new DatasetFormatException($"{source}: no data rows after the header.", source, lineNumber, null);
        }
        return new Dataset(names, features.ToArray(), labels.ToArray(), source);
    }

    public static void Write(Dataset dataset, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
        {
            writer.Write(string.Join(",", dataset.FeatureNames));
            writer.Write(',');
            writer.Write(LabelColumn);
            writer.Write('\n');
            Span<char> buffer = stackalloc char[32];
            for (var r = 0; r < dataset.Rows; r++)
            {
                var row = dataset.Row(r);
                for (var c = 0; c < row.Length; c++)
                {
                    row[c].TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
                    writer.Write(buffer[..written]);
                    writer.Write(',');
                }
                writer.Write(dataset.Labels[r].ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static int ParseLabel(ReadOnlySpan<char> text, string source, long line)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var label))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < int.MaxValue)
            {
                label = (int)real;
            }
            else
            {
                throw new DatasetFormatException(
                    $"{source} line {line}, column '{LabelColumn}': '{text.ToString()}' is not a class number (1–5).", source, line, LabelColumn);
            }
        }
        if (label < 1 || label > Dataset.ClassCount)
        {
            throw new DatasetFormatException(
                $"{source} line {line}, column '{LabelColumn}': class {label} is outside 1–{Dataset.ClassCount}.", source, line, LabelColumn);
        }
        return label;
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetFormatException($"{path}: no such file.", path, null, null);
        }
        catch (UnauthorizedAccessException)
        {
            throw new DatasetFormatException($"{path}: not readable (permission denied).", path, null, null);
        }
    }
}
