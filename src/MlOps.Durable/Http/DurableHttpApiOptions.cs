using Microsoft.AspNetCore.Http;

namespace MlOps.Durable.Http;

/// <summary>How the management API builds the links it hands out.</summary>
public sealed class DurableHttpApiOptions
{
    public const string DefaultRoutePrefix = "/runtime/webhooks/durabletask";

    /// <summary>Where <see cref="DurableHttpApi.MapDurableTaskManagement"/> was mapped.</summary>
    public string RoutePrefix { get; set; } = DefaultRoutePrefix;

    /// <summary>The key put in links as <c>code=</c> (as Functions puts its system key there); none when it returns null.</summary>
    public Func<HttpRequest, string?>? ManagementKey { get; set; }

    /// <summary>The <c>connection=</c> value in links, as Durable Functions writes it.</summary>
    public string ConnectionName { get; set; } = "Storage";
}
