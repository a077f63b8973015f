using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting.Lifetime.Systemd;

/// <summary>
/// sd_notify without libsystemd: one datagram with "KEY=value" lines to the unix socket systemd
/// names in NOTIFY_SOCKET (a path, or an abstract name when it starts with '@'). A unit with
/// Type=notify counts as started only after READY=1, so dependants wait for a service that really
/// listens; STOPPING=1 tells systemd the stop is under way.
/// </summary>
public sealed class SystemdNotifier(string? notifySocket)
{
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool IsEnabled => !string.IsNullOrEmpty(notifySocket);

    /// <summary>Sends <paramref name="state"/> (e.g. "READY=1"); false when no socket is configured.</summary>
    public bool Notify(string state)
    {
        if (!IsEnabled) return false;
        var path = notifySocket![0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
        return true;
    }
}

/// <summary>Sends READY=1 when the host has started (every hosted service, the HTTP server) and STOPPING=1 when it stops.</summary>
internal sealed class SystemdNotifyService(SystemdNotifier notifier, IHostApplicationLifetime lifetime, ILogger<SystemdNotifyService> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Send("READY=1\nSTATUS=running"));
        lifetime.ApplicationStopping.Register(() => Send("STOPPING=1\nSTATUS=stopping"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Send(string state)
    {
        try
        {
            notifier.Notify(state);
        }
        catch (SocketException e)
        {
            // Not fatal: systemd then times the start out and restarts, which the log explains.
            log.LogWarning(e, "sd_notify {State} failed", state.Split('\n')[0]);
        }
    }
}
