namespace MlOps.Learning.Training;

/// <summary>Creates trainers by kind (rf, gbdt, mlp, svm) from key/value parameters.</summary>
public static class TrainerRegistry
{
    public static IReadOnlyList<string> Kinds { get; } = ["rf", "gbdt", "mlp", "svm"];

    public static ITrainer Create(string kind, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var normalized = (kind ?? string.Empty).Trim().ToLowerInvariant();
        return Create(TrainerParameters.Parse(normalized, parameters));
    }

    public static ITrainer Create(TrainerOptions options) => options switch
    {
        RandomForestOptions o => new RandomForestTrainer(o),
        GradientBoostingOptions o => new GradientBoostingTrainer(o),
        MlpOptions o => new MlpTrainer(o),
        LinearSvmOptions o => new LinearSvmTrainer(o),
        _ => throw new ArgumentException($"no trainer for {options.GetType().Name}.", nameof(options)),
    };
}
