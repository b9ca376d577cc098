using MlOps.Trainer;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await TrialProgram.RunAsync(args, cancellation.Token);
