namespace MlOps.Functions.Runtime;

/// <summary>An HTTP-triggered function: one request in, one result out.</summary>
public interface IHttpFunction
{
    Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken);
}
