using System.Text.Json;

namespace MlOps.Functions.Inference;

/// <summary>
/// Reads the JSON body of a rows request, <c>{"columns": ["backscatter_low", …]?, "rows": [[…], …]}</c>,
/// straight into one float array (one pass, no per-row objects). Every value must be a finite
/// number; every row as wide as the first (or as "columns"). Errors name the row and column.
/// </summary>
public static class RowsRequestParser
{
    public static FeatureBatch Parse(ReadOnlySpan<byte> json, int maxRows)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return ParseObject(ref reader, maxRows);
        }
        catch (JsonException e)
        {
            throw InferenceRequestException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
    }

    private static FeatureBatch ParseObject(ref Utf8JsonReader reader, int maxRows)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Shape("the body must be a JSON object");
        }
        List<string>? columns = null;
        float[]? values = null;
        int rows = 0, width = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "columns":
                    columns = ReadColumns(ref reader);
                    break;
                case "rows":
                    (values, rows, width) = ReadRows(ref reader, maxRows);
                    break;
                default:
                    throw Shape($"unknown field \"{property}\"");
            }
        }
        if (values is null)
        {
            throw Shape("\"rows\" is missing");
        }
        if (rows == 0)
        {
            throw Shape("\"rows\" is empty");
        }
        if (columns is not null && columns.Count != width)
        {
            throw InferenceRequestException.BadRequest($"\"columns\" names {columns.Count} columns but each row has {width} values.");
        }
        return new FeatureBatch(values.Length == rows * width ? values : values[..(rows * width)], rows, width, columns);
    }

    private static List<string> ReadColumns(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Shape("\"columns\" must be an array of column names");
        }
        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } name)
            {
                throw Shape($"\"columns\"[{names.Count}] must be a non-empty string");
            }
            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw Shape($"\"columns\" names \"{name}\" twice");
            }
            names.Add(name);
        }
        return names;
    }

    private static (float[] Values, int Rows, int Width) ReadRows(ref Utf8JsonReader reader, int maxRows)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Shape("\"rows\" must be an array of rows, each an array of numbers");
        }
        var values = new float[64];
        var count = 0;
        var rows = 0;
        var width = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Shape($"rows[{rows}] must be an array of numbers");
            }
            if (rows == maxRows)
            {
                throw InferenceRequestException.TooLarge($"The request has more than {maxRows} rows; send at most {maxRows} per request.");
            }
            var column = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    var found = reader.TokenType switch
                    {
                        JsonTokenType.Null => "null",
                        JsonTokenType.String => $"the string \"{reader.GetString()}\"",
                        _ => reader.TokenType.ToString().ToLowerInvariant(),
                    };
                    throw InferenceRequestException.BadRequest($"rows[{rows}][{column}] is {found}; every input must be a finite number (NaN and missing values cannot be scored).");
                }
                if (!reader.TryGetSingle(out var value) || !float.IsFinite(value))
                {
                    throw InferenceRequestException.BadRequest($"rows[{rows}][{column}] is outside the float32 range; every input must be a finite number.");
                }
                if (count == values.Length)
                {
                    Array.Resize(ref values, values.Length * 2);
                }
                values[count++] = value;
                column++;
            }
            if (width < 0)
            {
                if (column == 0)
                {
                    throw Shape("rows[0] is empty");
                }
                width = column;
            }
            else if (column != width)
            {
                throw InferenceRequestException.BadRequest($"rows[{rows}] has {column} values but rows[0] has {width}; every row needs the same columns.");
            }
            rows++;
        }
        return (values, rows, Math.Max(width, 0));
    }

    private static InferenceRequestException Shape(string what) =>
        InferenceRequestException.BadRequest($"The body must be {{\"columns\": [names]?, \"rows\": [[numbers], …]}}: {what}.");
}
