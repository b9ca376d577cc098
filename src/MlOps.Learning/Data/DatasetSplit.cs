using MlOps.Learning.Training;

namespace MlOps.Learning.Data;

/// <summary>Seeded, class-stratified split of one dataset into training and held-out rows.</summary>
public static class DatasetSplit
{
    public static (Dataset Training, Dataset Validation) Stratified(Dataset data, double trainingFraction, int seed)
    {
        if (!(trainingFraction > 0 && trainingFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainingFraction), trainingFraction, "trainingFraction must be between 0 and 1 (exclusive).");
        }
        var training = new List<int>();
        var validation = new List<int>();
        for (var label = 1; label <= Dataset.ClassCount; label++)
        {
            var rows = new List<int>();
            for (var r = 0; r < data.Rows; r++)
            {
                if (data.Labels[r] == label)
                {
                    rows.Add(r);
                }
            }
            var order = rows.ToArray();
            new SeededRandom(seed, label).Shuffle(order.AsSpan());
            var take = (int)Math.Round(order.Length * trainingFraction, MidpointRounding.AwayFromZero);
            if (order.Length >= 2)
            {
                take = Math.Clamp(take, 1, order.Length - 1);
            }
            training.AddRange(order.Take(take));
            validation.AddRange(order.Skip(take));
        }
        training.Sort();
        validation.Sort();
        if (training.Count == 0 || validation.Count == 0)
        {
            throw new DatasetFormatException(
                $"{data.Source ?? "the data"}: {data.Rows} rows are too few to hold out a validation part with trainingFraction {trainingFraction}.",
                data.Source, null, null);
        }
        return (data.Select(training.ToArray()), data.Select(validation.ToArray()));
    }

    /// <summary>A seeded subsample holding <paramref name="fraction"/> of each class.</summary>
    public static Dataset Subsample(Dataset data, double fraction, int seed)
    {
        if (fraction >= 1)
        {
            return data;
        }
        return Stratified(data, fraction, seed).Training;
    }
}
