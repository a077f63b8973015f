using System.Collections.Concurrent;
using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Camera credentials from the management server's store (<see cref="GetCameraCredentials"/>, which
/// answers only for this server's own cameras), kept in memory for <see cref="CacheLifetime"/> so a
/// reconnecting camera does not ask each time and a rotated password applies within that time. When
/// the management server does not know the reference, the configuration
/// (<see cref="ConfigurationCredentialsProvider"/>) is asked; when it does not answer, the last account
/// it gave, however old, then the configuration. Never written to disk, never logged.
/// </summary>
public sealed class ManagementCredentialsProvider(
    ConfigurationCredentialsProvider fallback,
    IBus bus,
    BusSettings busSettings,
    RecordingSettings settings,
    TimeProvider clock,
    ILogger<ManagementCredentialsProvider> log) : ICredentialsProvider
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DeviceCredentials Credentials, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<DeviceCredentials?> GetAsync(string? credentialsRef, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentialsRef)) return null;
        _cache.TryGetValue(credentialsRef, out var cached);
        if (cached.Credentials is not null && clock.GetUtcNow() - cached.FetchedAt < CacheLifetime) return cached.Credentials;
        CameraCredentialsReply reply;
        try
        {
            var client = bus.CreateRequestClient<GetCameraCredentials>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(ms: (int)busSettings.RequestTimeout.TotalMilliseconds));
            reply = (await client.GetResponse<CameraCredentialsReply>(new GetCameraCredentials(settings.ServerId, credentialsRef), ct)).Message;
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException or MassTransitException && !ct.IsCancellationRequested)
        {
            log.LogWarning("The management server did not give credentials '{CredentialsRef}' ({Reason}); using {Source}",
                credentialsRef, e.GetType().Name, cached.Credentials is null ? "the configuration" : "the last ones it gave");
            return cached.Credentials ?? await fallback.GetAsync(credentialsRef, ct);
        }
        if (!reply.Found || reply.UserName is null)
        {
            _cache.TryRemove(credentialsRef, out _);
            return await fallback.GetAsync(credentialsRef, ct);
        }
        var credentials = new DeviceCredentials(reply.UserName, reply.Password ?? "");
        _cache[credentialsRef] = (credentials, clock.GetUtcNow());
        return credentials;
    }
}
