using System.Collections.Concurrent;
using System.Security.Cryptography;
using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Security;
using VmsServices.Messages;

namespace VmsServices.Recording.Tokens;

/// <summary>
/// The public keys of the management server, learned over the bus (<see cref="GetTokenKeys"/>), so a
/// recording server accepts the tokens management issues without sharing a secret with it. Asked
/// again when a token names an unknown key, at most once per <see cref="MinRefreshInterval"/>
/// (a flood of forged key ids must not become a flood of bus requests); callers arriving during a
/// refresh wait for that one. The keys learned are kept in the data directory (they are public), so
/// after a restart this server accepts tokens even while the management server is down: users can
/// still watch through any recording server (seed 001).
/// </summary>
public sealed class ManagementTokenKeys : ITokenKeys
{
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(2);
    public const string FileName = "token-keys.json";

    private readonly ConcurrentDictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly IBus _bus;
    private readonly BusSettings _busSettings;
    private readonly RecordingSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<ManagementTokenKeys> _log;
    private readonly string _file;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    private readonly TokenRevocations _revocations;

    public ManagementTokenKeys(IBus bus, BusSettings busSettings, RecordingSettings settings, TokenRevocations revocations, TimeProvider clock, ILogger<ManagementTokenKeys> log)
    {
        (_bus, _busSettings, _settings, _revocations, _clock, _log) = (bus, busSettings, settings, revocations, clock, log);
        _file = Path.Combine(settings.DataDirectory, FileName);
        foreach (var key in Load()) Add(key);
    }

    public ECDsa? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public async Task RefreshAsync(CancellationToken ct)
    {
        var asked = _clock.GetUtcNow();
        await _refreshing.WaitAsync(ct);
        try
        {
            // Someone refreshed while this caller waited, or too recently: use what they got.
            if (_lastRefresh >= asked || _clock.GetUtcNow() - _lastRefresh < MinRefreshInterval) return;
            _lastRefresh = _clock.GetUtcNow();
            var client = _bus.CreateRequestClient<GetTokenKeys>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(ms: (int)_busSettings.RequestTimeout.TotalMilliseconds));
            var reply = (await client.GetResponse<TokenKeysReply>(new GetTokenKeys(_settings.ServerId), ct)).Message;
            _revocations.Apply(reply.Revocations ?? []);
            if (reply.Keys.Count(Add) > 0) Save(reply.Keys);
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException or MassTransitException or CryptographicException or IOException && !ct.IsCancellationRequested)
        {
            _log.LogWarning("Could not learn the management server's token keys ({Reason}); tokens signed by an unknown key are refused", e.GetType().Name);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Adds a key whose id matches its bytes; true when it was new.</summary>
    private bool Add(TokenKey key)
    {
        if (_keys.ContainsKey(key.KeyId)) return false;
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        }
        catch (CryptographicException)
        {
            return false;
        }
        return TokenKeyId.Of(ecdsa) == key.KeyId && _keys.TryAdd(key.KeyId, ecdsa);
    }

    private IEnumerable<TokenKey> Load()
    {
        try
        {
            return File.Exists(_file) ? System.Text.Json.JsonSerializer.Deserialize<List<TokenKey>>(File.ReadAllBytes(_file)) ?? [] : [];
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or CryptographicException)
        {
            _log.LogWarning("Ignored the kept token keys in {File}: {Reason}", _file, e.Message);
            return [];
        }
    }

    private void Save(IReadOnlyList<TokenKey> learned)
    {
        var all = learned.UnionBy(Load(), k => k.KeyId).ToList();
        Directory.CreateDirectory(_settings.DataDirectory);
        var temporary = _file + ".tmp";
        File.WriteAllBytes(temporary, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(all));
        File.Move(temporary, _file, overwrite: true);
    }
}
