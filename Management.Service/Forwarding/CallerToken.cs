using System.Net.Http.Headers;
using VmsServices.Hosting.Security;

namespace VmsServices.Management.Forwarding;

/// <summary>
/// The caller's own token (header or console cookie) on a call the management server makes to a
/// recording server on the caller's behalf: the recording server checks the same user's role and
/// device limits again, so forwarding grants nothing by itself.
/// </summary>
public static class CallerToken
{
    /// <summary>The caller's token, or null when it came with none.</summary>
    public static string? Of(HttpRequest request) => TokenAuthenticationHandler.ReadToken(request);

    public static void Attach(HttpRequestMessage request, string? token)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
