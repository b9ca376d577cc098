using MlOps.Functions;
using MlOps.Storage.Configuration;

await FunctionsApplication.Create(args, MlOpsPaths.Discover()).RunAsync();
