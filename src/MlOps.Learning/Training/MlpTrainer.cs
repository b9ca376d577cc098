using System.Numerics.Tensors;
using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// Trains a <see cref="MultilayerPerceptronClassifier"/> with Adam on shuffled mini-batches,
/// vector math through <see cref="TensorPrimitives"/>. A mini-batch is cut into fixed slices
/// whose gradients are computed in parallel and added in slice order, so the result does not
/// depend on the thread count. Reports validation metrics and loss after every epoch.
/// </summary>
public sealed class MlpTrainer(MlpOptions options) : Trainer<MlpOptions>(options)
{
    private const int K = Classifier.ClassCount;
    private const int Slice = 32;

    public override string Kind => "mlp";

    protected override FitResult Fit(TrainingContext context)
    {
        var o = Options;
        if (o.Epochs < 1 || o.BatchSize < 1 || o.Hidden.Any(h => h < 1))
        {
            throw new ArgumentException("epochs, batchSize and every hidden width must be at least 1.");
        }
        var sizes = new[] { context.Columns }.Concat(o.Hidden).Append(K).ToArray();
        var layers = sizes.Length - 1;
        var random = new SeededRandom(o.Seed, 0x4D4C50);
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = new float[sizes[l] * sizes[l + 1]];
            biases[l] = new float[sizes[l + 1]];
            var scale = Math.Sqrt(2.0 / sizes[l]);
            for (var i = 0; i < weights[l].Length; i++)
            {
                weights[l][i] = (float)(random.NextGaussian() * scale);
            }
        }
        var parameters = Flatten(weights, biases);
        var parameterCount = parameters.Sum(p => p.Length);
        var m = parameters.Select(p => new float[p.Length]).ToArray();
        var v = parameters.Select(p => new float[p.Length]).ToArray();
        var slicesPerBatch = (o.BatchSize + Slice - 1) / Slice;
        var workers = Enumerable.Range(0, slicesPerBatch).Select(_ => new Worker(sizes)).ToArray();
        var order = Enumerable.Range(0, context.Rows).ToArray();
        var parallel = o.Parallel(context.CancellationToken);
        var model = new MultilayerPerceptronClassifier(sizes, weights, biases);
        var step = 0;
        int[]? validationLabels = null;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            new SeededRandom(o.Seed, epoch).Shuffle(order.AsSpan());
            for (var start = 0; start < order.Length; start += o.BatchSize)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var batch = Math.Min(o.BatchSize, order.Length - start);
                var slices = (batch + Slice - 1) / Slice;
                Parallel.For(0, slices, parallel, s =>
                {
                    var from = start + s * Slice;
                    var to = Math.Min(start + batch, from + Slice);
                    workers[s].Gradient(model, context, order.AsSpan(from, to - from));
                });
                for (var s = 1; s < slices; s++)
                {
                    workers[0].Add(workers[s]);
                }
                step++;
                Adam(parameters, workers[0].Gradients(), m, v, step, batch);
            }
            var (loss, labels) = Validate(model, context, parallel);
            context.Report(epoch, labels, loss);
            validationLabels = labels;
        }
        return new FitResult(model, o.Epochs, validationLabels);
    }

    private static float[][] Flatten(float[][] weights, float[][] biases) =>
        weights.Zip(biases).SelectMany(p => new[] { p.First, p.Second }).ToArray();

    private void Adam(float[][] parameters, float[][] gradients, float[][] m, float[][] v, int step, int batch)
    {
        const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        var lr = (float)Options.LearningRate;
        var l2 = (float)Options.L2;
        var correction1 = 1f - MathF.Pow(beta1, step);
        var correction2 = 1f - MathF.Pow(beta2, step);
        var inverseBatch = 1f / batch;
        for (var p = 0; p < parameters.Length; p++)
        {
            var w = parameters[p];
            var g = gradients[p];
            var isWeight = p % 2 == 0;
            for (var i = 0; i < w.Length; i++)
            {
                var grad = g[i] * inverseBatch + (isWeight ? l2 * w[i] : 0f);
                m[p][i] = beta1 * m[p][i] + (1 - beta1) * grad;
                v[p][i] = beta2 * v[p][i] + (1 - beta2) * grad * grad;
                var mHat = m[p][i] / correction1;
                var vHat = v[p][i] / correction2;
                w[i] -= lr * mHat / (MathF.Sqrt(vHat) + epsilon);
            }
        }
    }

    private static (double Loss, int[] Labels) Validate(MultilayerPerceptronClassifier model, TrainingContext context, ParallelOptions parallel)
    {
        var n = context.ValidationRows;
        var prediction = model.Predict(context.ValidationFeatures, n, parallel.MaxDegreeOfParallelism);
        double loss = 0;
        for (var r = 0; r < n; r++)
        {
            loss -= Math.Log(Math.Max(prediction.Probabilities[r * K + context.ValidationLabels[r] - 1], 1e-15f));
        }
        return (n > 0 ? loss / n : 0, prediction.LabelsAsInt());
    }

    /// <summary>Forward and backward pass over one slice of a mini-batch, with its own buffers.</summary>
    private sealed class Worker
    {
        private readonly int[] sizes;
        private readonly float[][] activations;
        private readonly float[][] deltas;
        private readonly float[][] weightGradients;
        private readonly float[][] biasGradients;

        public Worker(int[] sizes)
        {
            this.sizes = sizes;
            activations = sizes.Select(s => new float[s]).ToArray();
            deltas = sizes.Select(s => new float[s]).ToArray();
            weightGradients = new float[sizes.Length - 1][];
            biasGradients = new float[sizes.Length - 1][];
            for (var l = 0; l < sizes.Length - 1; l++)
            {
                weightGradients[l] = new float[sizes[l] * sizes[l + 1]];
                biasGradients[l] = new float[sizes[l + 1]];
            }
        }

        public float[][] Gradients() => weightGradients.Zip(biasGradients).SelectMany(p => new[] { p.First, p.Second }).ToArray();

        public void Add(Worker other)
        {
            for (var l = 0; l < weightGradients.Length; l++)
            {
                TensorPrimitives.Add(weightGradients[l], other.weightGradients[l], weightGradients[l]);
                TensorPrimitives.Add(biasGradients[l], other.biasGradients[l], biasGradients[l]);
            }
        }

        public void Gradient(MultilayerPerceptronClassifier model, TrainingContext context, ReadOnlySpan<int> rows)
        {
            var layers = sizes.Length - 1;
            for (var l = 0; l < layers; l++)
            {
                Array.Clear(weightGradients[l]);
                Array.Clear(biasGradients[l]);
            }
            Span<float> p = stackalloc float[K];
            foreach (var row in rows)
            {
                context.Features.AsSpan(row * sizes[0], sizes[0]).CopyTo(activations[0]);
                for (var l = 0; l < layers; l++)
                {
                    model.Forward(l, activations[l], activations[l + 1]);
                    if (l < layers - 1)
                    {
                        TensorPrimitives.Max(activations[l + 1], 0f, activations[l + 1]);
                    }
                }
                // Softmax cross-entropy: d(loss)/d(logits) = p − onehot(y).
                var logits = activations[layers];
                var max = TensorPrimitives.Max(logits);
                TensorPrimitives.Subtract(logits, max, p);
                TensorPrimitives.Exp(p, p);
                var sum = TensorPrimitives.Sum(p);
                TensorPrimitives.Divide(p, sum, deltas[layers]);
                deltas[layers][context.Classes[row]] -= 1f;
                for (var l = layers - 1; l >= 0; l--)
                {
                    var outputs = sizes[l + 1];
                    var delta = deltas[l + 1].AsSpan(0, outputs);
                    var input = activations[l];
                    var gradient = weightGradients[l];
                    TensorPrimitives.Add(biasGradients[l], delta, biasGradients[l]);
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        if (input[i] != 0f)
                        {
                            TensorPrimitives.MultiplyAdd(delta, input[i], gradient.AsSpan(i * outputs, outputs), gradient.AsSpan(i * outputs, outputs));
                        }
                    }
                    if (l > 0)
                    {
                        var w = model.Weights[l];
                        var previous = deltas[l];
                        for (var i = 0; i < sizes[l]; i++)
                        {
                            // ReLU: no gradient where the unit was off.
                            previous[i] = input[i] > 0f ? TensorPrimitives.Dot(w.AsSpan(i * outputs, outputs), delta) : 0f;
                        }
                    }
                }
            }
        }
    }
}
