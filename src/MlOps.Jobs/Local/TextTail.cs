using System.Text;

namespace MlOps.Jobs.Local;

/// <summary>The last lines of a text file, reading only its end.</summary>
internal static class TextTail
{
    private const int MaxBytes = 64 * 1024;

    public static IReadOnlyList<string> LastLines(string path, int count)
    {
        if (count <= 0 || !File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        var start = Math.Max(0, length - MaxBytes);
        stream.Position = start;
        var buffer = new byte[length - start];
        stream.ReadExactly(buffer);
        var lines = Encoding.UTF8.GetString(buffer).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (start > 0 && lines.Count > 0)
        {
            lines.RemoveAt(0); // cut mid-line
        }
        return lines.Where(line => line.Length > 0).TakeLast(count).ToArray();
    }
}
