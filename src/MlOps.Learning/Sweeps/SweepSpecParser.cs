using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.Learning.Sweeps;

/// <summary>
/// Reads a sweep spec from YAML or JSON (JSON is YAML too). Every problem is collected with its
/// line and field path, and reported together in one <see cref="SweepSpecException"/>:
/// <code>
/// algorithm: bayesian            # random | grid | bayesian
/// seed: 42
/// objective: { metric: accuracy, direction: maximize, goal: 0.99 }
/// limits: { maxTrials: 30, parallelTrials: 3, maxFailedTrials: 3, trialTimeout: 30m, timeout: 6h }
/// earlyStopping: { algorithm: median, minTrialsRequired: 2, startStep: 1 }
/// parameters:
///   - { name: model, type: categorical, values: [rf, svm, gbdt, mlp] }
///   - { name: embeddingSigma, type: double, min: 1.0e-6, max: 10, scale: log }
/// </code>
/// Omitted sections take the values of <see cref="SweepSpec.Default"/>.
/// </summary>
public static class SweepSpecParser
{
    public static SweepSpec ParseFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static SweepSpec Parse(string text, string source = "sweep spec")
    {
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SweepSpecException(source, [$"line {e.Start.Line}: {e.Message}"]);
        }
        catch (InvalidOperationException e)
        {
            // The YAML scanner throws this (without a position) on some malformed input.
            throw new SweepSpecException(source, [$"the text is not valid YAML or JSON: {e.Message}"]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SweepSpecException(source, ["the spec must be a mapping with 'parameters', 'objective', 'limits'…"]);
        }
        var reader = new NodeReader(errors);
        var defaults = SweepSpec.Default;
        reader.CheckKeys(root, "", "algorithm", "seed", "objective", "limits", "earlyStopping", "parameters", "gridPoints");

        var algorithm = reader.Enum(root, "algorithm", "", defaults.Algorithm);
        var seed = (int)reader.Number(root, "seed", "", defaults.Seed, int.MinValue, int.MaxValue, integer: true);
        var gridPoints = (int)reader.Number(root, "gridPoints", "", defaults.GridPoints, 2, 100, integer: true);

        var objective = defaults.Objective;
        if (reader.Mapping(root, "objective", "") is { } objectiveNode)
        {
            reader.CheckKeys(objectiveNode, "objective", "metric", "direction", "goal");
            objective = new SweepObjective(
                reader.Text(objectiveNode, "metric", "objective") ?? defaults.Objective.Metric,
                reader.Enum(objectiveNode, "direction", "objective", ObjectiveDirection.Maximize),
                reader.OptionalNumber(objectiveNode, "goal", "objective"));
        }

        var (maxTrials, parallel, maxFailed, trialTimeout, timeout) = (defaults.MaxTrials, defaults.ParallelTrials, defaults.MaxFailedTrials, defaults.TrialTimeout, defaults.Timeout);
        if (reader.Mapping(root, "limits", "") is { } limits)
        {
            reader.CheckKeys(limits, "limits", "maxTrials", "parallelTrials", "maxFailedTrials", "trialTimeout", "timeout");
            maxTrials = (int)reader.Number(limits, "maxTrials", "limits", maxTrials, 1, 10_000, integer: true);
            parallel = (int)reader.Number(limits, "parallelTrials", "limits", parallel, 1, 1_000, integer: true);
            maxFailed = (int)reader.Number(limits, "maxFailedTrials", "limits", maxFailed, 0, 10_000, integer: true);
            trialTimeout = reader.Duration(limits, "trialTimeout", "limits") ?? trialTimeout;
            timeout = reader.Duration(limits, "timeout", "limits") ?? timeout;
        }

        var earlyStopping = defaults.EarlyStopping;
        if (root.Children.TryGetValue(new YamlScalarNode("earlyStopping"), out var stoppingNode))
        {
            if (stoppingNode is YamlScalarNode { Value: null or "" or "none" or "null" })
            {
                earlyStopping = null;
            }
            else if (stoppingNode is YamlMappingNode stopping)
            {
                reader.CheckKeys(stopping, "earlyStopping", "algorithm", "minTrialsRequired", "startStep");
                var name = reader.Text(stopping, "algorithm", "earlyStopping") ?? "median";
                if (name != "median")
                {
                    errors.Add($"line {stopping.Start.Line}: earlyStopping.algorithm '{name}' is not supported; use 'median' or omit earlyStopping.");
                }
                earlyStopping = new EarlyStoppingSpec(
                    (int)reader.Number(stopping, "minTrialsRequired", "earlyStopping", 2, 1, 10_000, integer: true),
                    (int)reader.Number(stopping, "startStep", "earlyStopping", 1, 0, 1_000_000, integer: true));
            }
            else
            {
                errors.Add($"line {stoppingNode.Start.Line}: earlyStopping must be a mapping or 'none'.");
            }
        }

        var parameters = defaults.Parameters;
        if (root.Children.TryGetValue(new YamlScalarNode("parameters"), out var parametersNode))
        {
            parameters = ReadParameters(parametersNode, reader, errors);
        }

        if (parallel > maxTrials)
        {
            errors.Add($"limits.parallelTrials ({parallel}) is more than limits.maxTrials ({maxTrials}).");
        }
        if (errors.Count > 0)
        {
            throw new SweepSpecException(source, errors);
        }
        return new SweepSpec(parameters, algorithm, objective, maxTrials, parallel, maxFailed, trialTimeout, timeout, earlyStopping, seed, gridPoints);
    }

    private static List<ParameterSpec> ReadParameters(YamlNode node, NodeReader reader, List<string> errors)
    {
        var result = new List<ParameterSpec>();
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add($"line {node.Start.Line}: parameters must be a non-empty list of {{name, type, …}}.");
            return result;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"parameters[{i}]";
            if (sequence.Children[i] is not YamlMappingNode item)
            {
                errors.Add($"line {sequence.Children[i].Start.Line}: {path} must be a mapping.");
                continue;
            }
            reader.CheckKeys(item, path, "name", "type", "values", "min", "max", "scale");
            var name = reader.Text(item, "name", path);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"line {item.Start.Line}: {path}.name is missing.");
                continue;
            }
            path = $"parameters[{i}] ({name})";
            if (result.Any(p => p.Name == name))
            {
                errors.Add($"line {item.Start.Line}: {path}: the name '{name}' is used twice.");
            }
            var type = reader.Enum(item, "type", path, ParameterType.Categorical);
            if (type == ParameterType.Categorical)
            {
                var values = reader.List(item, "values", path);
                if (values.Count == 0)
                {
                    errors.Add($"line {item.Start.Line}: {path}: a categorical parameter needs a non-empty 'values' list.");
                }
                else if (values.Distinct().Count() != values.Count)
                {
                    errors.Add($"line {item.Start.Line}: {path}: 'values' has duplicates.");
                }
                result.Add(new ParameterSpec(name, type, values));
                continue;
            }
            var min = reader.OptionalNumber(item, "min", path);
            var max = reader.OptionalNumber(item, "max", path);
            var scale = reader.Enum(item, "scale", path, ParameterScale.Linear);
            if (min is null || max is null)
            {
                errors.Add($"line {item.Start.Line}: {path}: a {type.ToString().ToLowerInvariant()} parameter needs 'min' and 'max'.");
                continue;
            }
            if (min >= max)
            {
                errors.Add($"line {item.Start.Line}: {path}: min ({min}) must be less than max ({max}).");
            }
            if (scale == ParameterScale.Log && min <= 0)
            {
                errors.Add($"line {item.Start.Line}: {path}: a log scale needs min > 0 (got {min}).");
            }
            result.Add(new ParameterSpec(name, type, [], min.Value, max.Value, scale));
        }
        return result;
    }

    private sealed class NodeReader(List<string> errors)
    {
        public void CheckKeys(YamlMappingNode node, string path, params string[] known)
        {
            foreach (var key in node.Children.Keys.OfType<YamlScalarNode>())
            {
                if (!known.Contains(key.Value))
                {
                    errors.Add($"line {key.Start.Line}: unknown field '{Join(path, key.Value!)}' (expected one of: {string.Join(", ", known)}).");
                }
            }
        }

        public YamlMappingNode? Mapping(YamlMappingNode node, string key, string path)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }
            if (value is YamlMappingNode mapping)
            {
                return mapping;
            }
            errors.Add($"line {value.Start.Line}: '{Join(path, key)}' must be a mapping.");
            return null;
        }

        public string? Text(YamlMappingNode node, string key, string path)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }
            if (value is YamlScalarNode scalar)
            {
                return scalar.Value;
            }
            errors.Add($"line {value.Start.Line}: '{Join(path, key)}' must be a single value.");
            return null;
        }

        public List<string> List(YamlMappingNode node, string key, string path)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return [];
            }
            if (value is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
            {
                return sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
            }
            errors.Add($"line {value.Start.Line}: '{Join(path, key)}' must be a list of values.");
            return [];
        }

        public double? OptionalNumber(YamlMappingNode node, string key, string path)
        {
            var text = Text(node, key, path);
            if (text is null)
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }
            errors.Add($"line {node.Children[new YamlScalarNode(key)].Start.Line}: '{Join(path, key)}' is '{text}', not a number.");
            return null;
        }

        public double Number(YamlMappingNode node, string key, string path, double fallback, double min, double max, bool integer)
        {
            if (OptionalNumber(node, key, path) is not { } number)
            {
                return fallback;
            }
            var line = node.Children[new YamlScalarNode(key)].Start.Line;
            if (integer && number != Math.Floor(number))
            {
                errors.Add($"line {line}: '{Join(path, key)}' must be a whole number (got {number}).");
                return fallback;
            }
            if (number < min || number > max)
            {
                errors.Add($"line {line}: '{Join(path, key)}' is {number}; allowed {min}–{max}.");
                return fallback;
            }
            return number;
        }

        public TEnum Enum<TEnum>(YamlMappingNode node, string key, string path, TEnum fallback)
            where TEnum : struct, System.Enum
        {
            var text = Text(node, key, path);
            if (text is null)
            {
                return fallback;
            }
            if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0]))
            {
                return value;
            }
            var names = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
            errors.Add($"line {node.Children[new YamlScalarNode(key)].Start.Line}: '{Join(path, key)}' is '{text}'; expected one of: {names}.");
            return fallback;
        }

        /// <summary>"90s", "30m", "6h", or a TimeSpan such as "00:30:00".</summary>
        public TimeSpan? Duration(YamlMappingNode node, string key, string path)
        {
            var text = Text(node, key, path);
            if (text is null)
            {
                return null;
            }
            var unit = text.Length > 1 ? text[^1] : ' ';
            if (unit is 's' or 'm' or 'h' && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            {
                return unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) };
            }
            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            {
                return span;
            }
            errors.Add($"line {node.Children[new YamlScalarNode(key)].Start.Line}: '{Join(path, key)}' is '{text}', not a duration like 90s, 30m, 6h or 00:30:00.");
            return null;
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
