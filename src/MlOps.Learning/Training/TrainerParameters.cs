using System.Globalization;

namespace MlOps.Learning.Training;

/// <summary>
/// Trainer options from and to string key/value pairs, the form they take on the command line
/// (--set key=value), in sweep specs and in model metadata. Keys are case-insensitive.
/// </summary>
public static class TrainerParameters
{
    private static readonly string[] Common = ["seed", "embeddingDim", "embeddingSigma", "trainingFraction", "threads"];

    public static IReadOnlyList<string> Known(string kind) => kind switch
    {
        "rf" => [.. Common, "trees", "maxDepth", "minLeaf", "featureFraction", "maxBins", "bootstrap"],
        "gbdt" => [.. Common, "rounds", "learningRate", "maxDepth", "maxLeaves", "minChildWeight", "lambda", "earlyStoppingRounds", "maxBins"],
        "mlp" => [.. Common, "hidden", "epochs", "learningRate", "batchSize", "l2"],
        "svm" => [.. Common, "C", "epochs", "tolerance"],
        _ => throw UnknownKind(kind),
    };

    public static TrainerOptions Parse(string kind, IReadOnlyDictionary<string, string>? parameters)
    {
        var reader = new Reader(kind, parameters ?? new Dictionary<string, string>());
        TrainerOptions options = kind switch
        {
            "rf" => new RandomForestOptions
            {
                Trees = reader.Int("trees", 100, 1, 100_000),
                MaxDepth = reader.Int("maxDepth", 16, 0, 64),
                MinLeaf = reader.Int("minLeaf", 1, 1, int.MaxValue),
                FeatureFraction = reader.OptionalDouble("featureFraction", 0, 1, inclusiveMin: false),
                MaxBins = reader.Int("maxBins", 256, 2, 256),
                Bootstrap = reader.Bool("bootstrap", true),
            },
            "gbdt" => new GradientBoostingOptions
            {
                Rounds = reader.Int("rounds", 200, 1, 100_000),
                LearningRate = reader.Double("learningRate", 0.1, 0, 10, inclusiveMin: false),
                MaxDepth = reader.Int("maxDepth", 6, 0, 32),
                MaxLeaves = reader.Int("maxLeaves", 0, 0, int.MaxValue),
                MinChildWeight = reader.Double("minChildWeight", 1.0, 0, double.MaxValue),
                Lambda = reader.Double("lambda", 1.0, 0, double.MaxValue),
                EarlyStoppingRounds = reader.Int("earlyStoppingRounds", 20, 0, int.MaxValue),
                MaxBins = reader.Int("maxBins", 256, 2, 256),
            },
            "mlp" => new MlpOptions
            {
                Hidden = reader.IntList("hidden", [64, 32]),
                Epochs = reader.Int("epochs", 20, 1, 100_000),
                LearningRate = reader.Double("learningRate", 1e-3, 0, 10, inclusiveMin: false),
                BatchSize = reader.Int("batchSize", 256, 1, 1 << 20),
                L2 = reader.Double("l2", 1e-5, 0, double.MaxValue),
            },
            "svm" => new LinearSvmOptions
            {
                C = reader.Double("C", 1.0, 0, double.MaxValue, inclusiveMin: false),
                Epochs = reader.Int("epochs", 30, 1, 100_000),
                Tolerance = reader.Double("tolerance", 0.01, 0, double.MaxValue, inclusiveMin: false),
            },
            _ => throw UnknownKind(kind),
        };
        options = options with
        {
            Seed = reader.Int("seed", 0, int.MinValue, int.MaxValue),
            EmbeddingDim = reader.Int("embeddingDim", 0, 0, 4096),
            EmbeddingSigma = reader.Double("embeddingSigma", 1.0, 0, double.MaxValue, inclusiveMin: false),
            TrainingFraction = reader.OptionalDouble("trainingFraction", 0, 1, inclusiveMin: false),
            MaxDegreeOfParallelism = reader.Int("threads", -1, -1, 4096) is var t && t == 0 ? -1 : t,
        };
        reader.ThrowOnUnknown();
        return options;
    }

    /// <summary>
    /// The parameters that define the model, defaults included, as canonical strings. The
    /// thread count is left out: it does not change the model.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Describe(string kind, TrainerOptions options)
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = Format(options.Seed),
            ["embeddingDim"] = Format(options.EmbeddingDim),
            ["embeddingSigma"] = Format(options.EmbeddingSigma),
        };
        if (options.TrainingFraction is { } fraction)
        {
            d["trainingFraction"] = Format(fraction);
        }
        switch (options)
        {
            case RandomForestOptions o:
                d["trees"] = Format(o.Trees);
                d["maxDepth"] = Format(o.MaxDepth);
                d["minLeaf"] = Format(o.MinLeaf);
                d["featureFraction"] = o.FeatureFraction is { } f ? Format(f) : "sqrt";
                d["maxBins"] = Format(o.MaxBins);
                d["bootstrap"] = o.Bootstrap ? "true" : "false";
                break;
            case GradientBoostingOptions o:
                d["rounds"] = Format(o.Rounds);
                d["learningRate"] = Format(o.LearningRate);
                d["maxDepth"] = Format(o.MaxDepth);
                d["maxLeaves"] = Format(o.MaxLeaves);
                d["minChildWeight"] = Format(o.MinChildWeight);
                d["lambda"] = Format(o.Lambda);
                d["earlyStoppingRounds"] = Format(o.EarlyStoppingRounds);
                d["maxBins"] = Format(o.MaxBins);
                break;
            case MlpOptions o:
                d["hidden"] = string.Join(",", o.Hidden.Select(Format));
                d["epochs"] = Format(o.Epochs);
                d["learningRate"] = Format(o.LearningRate);
                d["batchSize"] = Format(o.BatchSize);
                d["l2"] = Format(o.L2);
                break;
            case LinearSvmOptions o:
                d["C"] = Format(o.C);
                d["epochs"] = Format(o.Epochs);
                d["tolerance"] = Format(o.Tolerance);
                break;
        }
        return d;
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static TrainingParameterException UnknownKind(string kind) =>
        new("model", $"unknown model kind '{kind}' (known: {string.Join(", ", TrainerRegistry.Kinds)}).");

    private sealed class Reader(string kind, IReadOnlyDictionary<string, string> values)
    {
        private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

        private string? Get(string key)
        {
            used.Add(key);
            foreach (var (k, v) in values)
            {
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                {
                    return v.Trim();
                }
            }
            return null;
        }

        public int Int(string key, int fallback, int min, int max)
        {
            var text = Get(key);
            if (text is null)
            {
                return fallback;
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real)
                     && real >= int.MinValue && real <= int.MaxValue && (value = (int)real) == value))
            {
                throw new TrainingParameterException(key, $"parameter {key}='{text}' is not a whole number.");
            }
            if (value < min || value > max)
            {
                throw new TrainingParameterException(key, $"parameter {key}={value} is out of range ({min}…{max}).");
            }
            return value;
        }

        public double Double(string key, double fallback, double min, double max, bool inclusiveMin = true) =>
            OptionalDouble(key, min, max, inclusiveMin) ?? fallback;

        public double? OptionalDouble(string key, double min, double max, bool inclusiveMin = true)
        {
            var text = Get(key);
            if (text is null)
            {
                return null;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new TrainingParameterException(key, $"parameter {key}='{text}' is not a finite number.");
            }
            if (value < min || value > max || (!inclusiveMin && value == min))
            {
                var low = inclusiveMin ? "≥" : ">";
                throw new TrainingParameterException(key, $"parameter {key}={text} is out of range (must be {low} {min.ToString(CultureInfo.InvariantCulture)} and ≤ {max.ToString(CultureInfo.InvariantCulture)}).");
            }
            return value;
        }

        public bool Bool(string key, bool fallback)
        {
            var text = Get(key);
            return text?.ToLowerInvariant() switch
            {
                null => fallback,
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new TrainingParameterException(key, $"parameter {key}='{text}' is not true or false."),
            };
        }

        public int[] IntList(string key, int[] fallback)
        {
            var text = Get(key);
            if (text is null)
            {
                return fallback;
            }
            var parts = text.Split([',', ';', 'x', ' '], StringSplitOptions.RemoveEmptyEntries);
            var list = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out list[i]) || list[i] < 1 || list[i] > 65536)
                {
                    throw new TrainingParameterException(key, $"parameter {key}='{text}' must be layer widths like 64,32.");
                }
            }
            if (list.Length == 0)
            {
                throw new TrainingParameterException(key, $"parameter {key} needs at least one layer width, like 64,32.");
            }
            return list;
        }

        public void ThrowOnUnknown()
        {
            foreach (var key in values.Keys)
            {
                if (!used.Contains(key))
                {
                    throw new TrainingParameterException(key,
                        $"unknown parameter '{key}' for model {kind} (known: {string.Join(", ", Known(kind))}).");
                }
            }
        }
    }
}
