using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Storage.Pipeline;

/// <summary>Adds a SAS token's query parameters to every request that does not carry one.</summary>
internal sealed class SharedAccessSignaturePolicy(string sas) : HttpPipelineSynchronousPolicy
{
    private readonly string sas = sas.TrimStart('?');

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri;
        var query = uri.Query;
        if (query.Contains("sig=", StringComparison.Ordinal))
        {
            return;
        }
        uri.Query = string.IsNullOrEmpty(query) || query == "?" ? "?" + sas : query + "&" + sas;
    }
}
