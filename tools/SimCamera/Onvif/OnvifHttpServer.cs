using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VmsServices.SimCamera.Onvif;

/// <summary>
/// The HTTP side of the simulated ONVIF devices, on its own TCP port.
/// Kestrel rather than HttpListener: HttpListener cannot listen on port 0 (tests would have to guess a free port
/// and race for it), needs a URL ACL (admin) on Windows for anything but localhost, and has no request body limit;
/// Kestrel gives all three, and the rest of the solution already runs on it. It is hosted bare: an empty builder
/// (no configuration files or environment variables that could move its port, no logging providers) and no console
/// lifetime, so Ctrl+C and SIGTERM stay with whoever owns the <see cref="SimulatedCameraServer"/>.
/// </summary>
internal sealed class OnvifHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OnvifHttpServer(WebApplication app) => _app = app;

    /// <summary>The bound port (the OS picks one when asked for 0).</summary>
    public int Port { get; private set; }

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/>; the handler is created once the port is known,
    /// because the devices' URLs contain it.</summary>
    public static async Task<OnvifHttpServer> StartAsync(IPAddress address, int port, Func<int, OnvifRequestHandler> createHandler,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(OnvifHttpServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = OnvifRequestHandler.MaxRequestBytes;
        });
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        var app = builder.Build();
        OnvifRequestHandler? handler = null;
        app.Run(context =>
        {
            if (handler is not null) return handler.HandleAsync(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // only before StartAsync returned
            return Task.CompletedTask;
        });
        var server = new OnvifHttpServer(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Port = new Uri(bound).Port;
            // Set before any URL containing the port is handed out, so no client that knows where to send can get the 503.
            handler = createHandler(server.Port);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts and stops with the camera server, never on a console signal.</summary>
    private sealed class NoHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
