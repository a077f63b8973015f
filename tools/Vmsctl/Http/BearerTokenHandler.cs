using System.Net.Http.Headers;

namespace VmsServices.Vmsctl.Http;

/// <summary>
/// Adds <c>Authorization: Bearer</c> to every request to the management server, and to nothing
/// else: health --all also asks each recording server at the address it was registered with, whose
/// health endpoint is anonymous, and the token must not travel to wherever such an address points.
/// (On a redirect the handler below drops the header itself.)
/// </summary>
internal sealed class BearerTokenHandler(string token, Uri managementUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.RequestUri is { } url && Uri.Compare(url, managementUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, ct);
    }
}
