using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace VmsServices.Hosting.Http;

/// <summary>
/// Makes every way a peer can fail at the socket an <see cref="HttpRequestException"/>, the one
/// exception callers catch as "the peer is unreachable". SocketsHttpHandler wraps connect errors,
/// but not all: a peer that resets the connection right after accepting it (a server shutting
/// down) can surface as a bare <see cref="SocketException"/> (ENOTCONN from reading the remote
/// end point while connecting), which once escaped a recording server's background
/// resynchronization and stopped the whole host.
/// </summary>
public sealed class PeerFailureHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await base.SendAsync(request, ct);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{e.Message} ({request.RequestUri?.Authority})", e);
        }
    }
}

public static class PeerFailureHandlerRegistration
{
    /// <summary>Adds <see cref="PeerFailureHandler"/> next to the primary handler of a client that calls VmsServices peers.</summary>
    public static IHttpClientBuilder AddPeerFailureHandler(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(() => new PeerFailureHandler());
}
