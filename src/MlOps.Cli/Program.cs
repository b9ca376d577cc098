using MlOps.Cli;

return await MlOpsCommandLine.RunAsync(args);
