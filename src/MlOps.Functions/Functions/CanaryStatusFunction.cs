using MlOps.Functions.Rollout;
using MlOps.Functions.Runtime;
using MlOps.Registry;

namespace MlOps.Functions.Functions;

/// <summary>CanaryStatus (<c>GET /api/models/{name}/canary</c>, function key): the model's <see cref="CanaryStatus"/> as JSON.</summary>
public sealed class CanaryStatusFunction(CanaryStatusClient status) : IHttpFunction
{
    public const string Name = "CanaryStatus";
    public const string Route = "models/{name}/canary";

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Json(await status.GetStatusAsync((string)context.GetRouteValue("name")!, cancellationToken), CanaryJson.Options);
        }
        catch (ModelRegistryException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: e.Status);
        }
    }
}
