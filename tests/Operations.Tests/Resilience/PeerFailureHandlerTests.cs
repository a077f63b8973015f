using System.Net;
using System.Net.Sockets;
using VmsServices.Hosting.Http;

namespace VmsServices.Operations.Tests.Resilience;

/// <summary>Every socket-level failure of a peer call reaches the caller as the one exception it catches.</summary>
public class PeerFailureHandlerTests
{
    private sealed class Throwing(Exception e) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => throw e;
    }

    private static Task<HttpResponseMessage> SendThrough(HttpMessageHandler primary) =>
        new HttpClient(new PeerFailureHandler { InnerHandler = primary }).GetAsync("http://127.0.0.1:9/api/devices/cam-1/segments");

    [Test]
    public void A_bare_socket_error_while_connecting_becomes_an_HttpRequestException_naming_the_peer()
    {
        var e = Assert.ThrowsAsync<HttpRequestException>(() => SendThrough(new Throwing(new SocketException((int)SocketError.NotConnected))));
        Assert.That(e!.InnerException, Is.TypeOf<SocketException>());
        Assert.That(e.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
        Assert.That(e.Message, Does.Contain("127.0.0.1:9"));
    }

    [Test]
    public void An_IOException_becomes_one_too_and_cancellation_stays_cancellation()
    {
        Assert.ThrowsAsync<HttpRequestException>(() => SendThrough(new Throwing(new IOException("reset"))));
        Assert.ThrowsAsync<TaskCanceledException>(() => SendThrough(new Throwing(new TaskCanceledException())));
    }

    [Test]
    public void A_real_refused_connection_is_still_the_handler_s_own_HttpRequestException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nobody listens there now
        using var client = new HttpClient(new PeerFailureHandler { InnerHandler = new SocketsHttpHandler() });
        var e = Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.That(e!.InnerException, Is.TypeOf<SocketException>(), "wrapped once, by SocketsHttpHandler");
    }
}
