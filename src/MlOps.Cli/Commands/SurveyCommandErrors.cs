using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;

namespace MlOps.Cli.Commands;

/// <summary>Runs a survey or features command and turns bad input into a clear message on stderr and exit code 2, never a stack trace.</summary>
internal static class SurveyCommandErrors
{
    public const int BadInput = 2;

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (SurveyPackageException e)
        {
            foreach (var error in e.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.File}: {error.Message}");
            }
            return BadInput;
        }
        catch (GeoTiffException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Describe()}");
            return BadInput;
        }
        catch (Exception e) when (e is UsageException or FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled.");
            return 130;
        }
    }

    /// <summary>A command-line value that cannot be used; its message says which option and why.</summary>
    public sealed class UsageException(string message) : Exception(message);
}
