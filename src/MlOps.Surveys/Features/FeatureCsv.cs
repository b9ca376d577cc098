using System.Globalization;
using System.Text;

namespace MlOps.Surveys.Features;

/// <summary>Writes feature tables as CSV: a header of the feature columns then "label", one line per row, invariant culture, shortest round-trip floats.</summary>
public sealed class FeatureCsv : IDisposable
{
    private readonly TextWriter writer;
    private readonly string[] columns;

    public FeatureCsv(TextWriter writer, IReadOnlyList<string> columns)
    {
        this.writer = writer;
        this.columns = columns.ToArray();
        writer.Write(string.Join(",", this.columns));
        writer.Write(',');
        writer.Write(FeatureColumns.Label);
        writer.Write('\n');
    }

    public long RowsWritten { get; private set; }

    public void Write(FeatureTable table)
    {
        if (!table.ColumnNames.SequenceEqual(columns))
        {
            throw new ArgumentException("the table's columns differ from the CSV header.", nameof(table));
        }
        var line = new StringBuilder(16 * (columns.Length + 1));
        for (var r = 0; r < table.RowCount; r++)
        {
            line.Clear();
            foreach (var value in table.Row(r))
            {
                line.Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }
            line.Append(table.Labels[r].ToString(CultureInfo.InvariantCulture)).Append('\n');
            writer.Write(line);
        }
        RowsWritten += table.RowCount;
    }

    public void Dispose() => writer.Flush();
}
