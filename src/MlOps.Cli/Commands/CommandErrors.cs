using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Runtime;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;

namespace MlOps.Cli.Commands;

/// <summary>Turns bad input into one clear line on standard error and exit code 2, never a stack trace.</summary>
public static class CommandErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is DatasetFormatException or TrainingParameterException or OnnxRuntimeException
                                      or SurveyPackageException or GeoTiffException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }
}
