using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using MlOps.Learning.Trials;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Trainer;

// A trainer for the sweep's own tests: it honours the trial job contract (spec in, metrics.jsonl
// streamed, metrics.json and model.onnx out) but its learning curve is scripted by the trial's
// "behaviour" parameter, so tests can make trials strong, weak, failing or held mid-way:
//   curve:0.8,0.85,0.9   writes the steps and succeeds
//   hold:0.3,0.3         writes the steps, then waits for {control}/{trialId}.release, then succeeds
//   fail[:anything]      exits 3 with a message on stderr
// It records its pid in {control}/{trialId}.pid and each start in {control}/{trialId}.starts,
// where {control} is MLOPS_TEST_CONTROL.
var location = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable(TrialProgram.SpecVariable)!;
var control = Environment.GetEnvironmentVariable("MLOPS_TEST_CONTROL") ?? throw new InvalidOperationException("MLOPS_TEST_CONTROL is not set");
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var storage = BlobServiceClientFactory.Create(configuration);
var spec = await SpecSource.ReadAsync(location, () => storage, CancellationToken.None);
File.WriteAllText(Path.Combine(control, $"{spec.TrialId}.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
File.AppendAllText(Path.Combine(control, $"{spec.TrialId}.starts"), Environment.ProcessId + "\n");

var behaviour = spec.Parameters.TryGetValue("behaviour", out var b) ? b : "curve:0.5";
if (behaviour.StartsWith("fail", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"{spec.TrialId}: synthetic failure");
    return 3;
}
var kind = behaviour[..behaviour.IndexOf(':')];
var values = behaviour[(behaviour.IndexOf(':') + 1)..].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
var output = storage.GetBlobContainerClient(spec.OutputContainer);
await output.CreateIfNotExistsAsync();
var curve = new List<TrialMetricsLine>();
var lines = new System.Text.StringBuilder();
for (var step = 1; step <= values.Count; step++)
{
    var line = new TrialMetricsLine(step, values[step - 1], values[step - 1] - 0.1, null, step);
    curve.Add(line);
    lines.Append(JsonSerializer.Serialize(line)).Append('\n');
    await output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Intermediate).UploadAsync(BinaryData.FromString(lines.ToString()));
}
if (kind == "hold")
{
    var release = Path.Combine(control, $"{spec.TrialId}.release");
    while (!File.Exists(release))
    {
        await Task.Delay(50);
    }
}
await output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Model).UploadAsync(BinaryData.FromString("not a real model"));
var final = new TrialFinalMetrics(spec.TrialId, spec.Model, spec.Parameters, values[^1], values[^1] - 0.1, new JsonObject(), curve, 100, 50, 0.1, "00", []);
await output.GetBlobClient(spec.OutputPrefix + TrialOutputs.Final).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(final, TrialSpec.Json)));
return 0;
