namespace VmsServices.Hosting.Bus;

public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: one process, nothing to install (the embedded default).</summary>
    InMemory,
    /// <summary>RabbitMQ, for services in separate processes or hosts.</summary>
    RabbitMq,
}

/// <summary>Settings of the "Bus" configuration section.</summary>
public sealed class BusSettings
{
    public const string Section = "Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>amqp://user:password@host:port/vhost; used when Transport is RabbitMq.</summary>
    public string RabbitMqUrl { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>How long a request (e.g. for a configuration copy) waits for its answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
