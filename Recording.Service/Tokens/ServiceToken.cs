using System.Net.Http.Headers;
using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;

namespace VmsServices.Recording.Tokens;

/// <summary>
/// This recording server's own token, issued by the management server (<see cref="IssueServiceToken"/>)
/// and sent on every request to a peer. Kept until two thirds of its life, then renewed; while the
/// management server cannot be reached the old one is sent until it expires.
/// </summary>
public sealed class ServiceToken(IBus bus, BusSettings busSettings, RecordingSettings settings, TimeProvider clock, ILogger<ServiceToken> log)
{
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private (string? Token, DateTimeOffset RenewAt, DateTimeOffset Expires) _current;

    public async ValueTask<string?> GetAsync(CancellationToken ct)
    {
        var current = _current;
        if (current.Token is not null && clock.GetUtcNow() < current.RenewAt) return current.Token;
        await _renewing.WaitAsync(ct);
        try
        {
            if (_current.Token is not null && clock.GetUtcNow() < _current.RenewAt) return _current.Token;
            var client = bus.CreateRequestClient<IssueServiceToken>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(ms: (int)busSettings.RequestTimeout.TotalMilliseconds));
            var reply = (await client.GetResponse<ServiceTokenReply>(new IssueServiceToken(settings.ServerId), ct)).Message;
            if (reply.Token is null)
            {
                log.LogWarning("The management server issued no token to {Server}: is it registered?", settings.ServerId);
                return StillValid();
            }
            var now = clock.GetUtcNow();
            var expires = UtcMicros.ToDateTimeOffset(reply.ExpiresUtcMicros);
            _current = (reply.Token, now + (expires - now) * 2 / 3, expires);
            return reply.Token;
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException or MassTransitException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Could not renew the token for peer fetches ({Reason})", e.GetType().Name);
            return StillValid();
        }
        finally
        {
            _renewing.Release();
        }
    }

    private string? StillValid() => clock.GetUtcNow() < _current.Expires ? _current.Token : null;
}

/// <summary>Puts this server's token on requests to peers that carry no other credentials.</summary>
public sealed class ServiceTokenHandler(ServiceToken token) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Headers.Authorization is null && await token.GetAsync(ct) is { } text)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", text);
        return await base.SendAsync(request, ct);
    }
}
