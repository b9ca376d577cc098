namespace MlOps.Surveys.Features;

/// <summary>Row indices of a table split into training and validation.</summary>
public sealed record TrainValidationSplit(int[] TrainRows, int[] ValidationRows)
{
    /// <summary>
    /// Splits a table. With spatial blocks (the default) the blocks, not the rows, are shuffled
    /// with the seed and taken for validation until the validation share reaches the fraction;
    /// a block spans every year, so the same place is never on both sides.
    /// </summary>
    public static TrainValidationSplit Create(FeatureTable table, SplitOptions? options = null)
    {
        options ??= new SplitOptions();
        if (!(options.ValidationFraction > 0 && options.ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "ValidationFraction must be in (0, 1).");
        }
        var random = new Random(options.Seed);
        var validation = new bool[table.RowCount];
        if (options.Strategy == SplitStrategy.Random)
        {
            var order = Enumerable.Range(0, table.RowCount).ToArray();
            random.Shuffle(order);
            var take = (int)Math.Round(options.ValidationFraction * table.RowCount);
            foreach (var row in order.Take(take))
            {
                validation[row] = true;
            }
        }
        else
        {
            var ids = table.BlockIds(options.BlockSize);
            var blocks = ids.GroupBy(id => id).Select(g => (Id: g.Key, Count: g.Count())).OrderBy(b => b.Id).ToArray();
            random.Shuffle(blocks);
            var target = options.ValidationFraction * table.RowCount;
            var chosen = new HashSet<long>();
            long taken = 0;
            foreach (var (id, count) in blocks)
            {
                if (taken >= target)
                {
                    break;
                }
                // Skip a block that would overshoot by more than it helps, unless nothing is chosen yet.
                if (chosen.Count > 0 && taken + count - target > target - taken)
                {
                    continue;
                }
                chosen.Add(id);
                taken += count;
            }
            for (var i = 0; i < ids.Length; i++)
            {
                validation[i] = chosen.Contains(ids[i]);
            }
        }
        var train = new List<int>(table.RowCount);
        var held = new List<int>();
        for (var i = 0; i < validation.Length; i++)
        {
            (validation[i] ? held : train).Add(i);
        }
        return new TrainValidationSplit(train.ToArray(), held.ToArray());
    }
}
