using System.Net.Sockets;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// The management server's own AMQP connection to the bus's broker and virtual host, used only for
/// error queues (MassTransit's connection is not reachable from outside the bus). One operation
/// runs at a time: two peeks at once would each see only the messages the other does not hold.
/// Broker failures become 503 problems that never show the broker's URL or credentials.
/// </summary>
public sealed class ErrorQueueBroker(BusSettings settings, ILogger<ErrorQueueBroker> log) : IAsyncDisposable
{
    private const string ConnectionName = "vms-management error queues";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>Why error queues cannot be served here (the bus is not RabbitMQ), or null when they can.</summary>
    public string? Unsupported(IBus? bus)
    {
        // The bus itself has the last word: a host may compose an in-memory bus whatever the settings say (the demo does).
        var onRabbitMq = settings.Transport == BusTransport.RabbitMq && (bus is null || bus.Address.Scheme.StartsWith("rabbitmq", StringComparison.Ordinal));
        return onRabbitMq
            ? null
            : "Error queues are listed on RabbitMQ only: this management server's bus is in-memory (Bus:Transport=InMemory), "
              + "where MassTransit keeps a failed message in the process's memory until it stops; the service log shows each failure.";
    }

    /// <summary>Runs <paramref name="work"/> alone, in a session whose channels close afterwards (returning every message still held).</summary>
    public async Task<T> RunAsync<T>(Func<BrokerSession, Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var session = new BrokerSession(await ConnectAsync(ct));
            return await work(session);
        }
        catch (Exception e) when (Unavailable(e, ct) is { } failure)
        {
            log.LogWarning(e, "Error queue operation failed: {Reason}", failure.Message);
            throw failure;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _gate.Dispose();
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true }) return _connection;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
        _connection = await Factory(new Uri(settings.RabbitMqUrl)).CreateConnectionAsync(ConnectionName, ct);
        return _connection;
    }

    /// <summary>The same host, port, virtual host and user as the bus (BusRegistration reads the URL the same way).</summary>
    private static ConnectionFactory Factory(Uri url)
    {
        var userInfo = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
        var vhost = url.AbsolutePath.Trim('/');
        var factory = new ConnectionFactory
        {
            HostName = url.Host,
            Port = url.IsDefaultPort ? 5672 : url.Port,
            VirtualHost = string.IsNullOrEmpty(vhost) ? "/" : vhost,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        if (userInfo[0].Length > 0) factory.UserName = userInfo[0];
        if (userInfo.Length > 1) factory.Password = userInfo[1];
        return factory;
    }

    /// <summary>The 503 for a broker that is away or refused the operation; null for failures that say something else (404, 409, a client gone).</summary>
    private static UnavailableException? Unavailable(Exception e, CancellationToken ct) => e switch
    {
        RequestFailure => null,
        OperationCanceledException when ct.IsCancellationRequested => null,
        OperationCanceledException => new UnavailableException("The message broker did not answer in time; a message whose return it did not confirm stays in the error queue."),
        BrokerUnreachableException => new UnavailableException("The message broker cannot be reached; error queues cannot be read now."),
        OperationInterruptedException o => new UnavailableException($"The message broker refused the operation: {o.ShutdownReason?.ReplyText ?? "connection closed"}."),
        RabbitMQ.Client.Exceptions.PublishException => new UnavailableException("The message broker did not accept a message sent back to its queue; it stays in the error queue."),
        IOException or SocketException or TimeoutException => new UnavailableException("The connection to the message broker failed; error queues cannot be read now."),
        _ => null,
    };
}
