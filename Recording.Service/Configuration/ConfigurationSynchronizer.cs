using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;

namespace VmsServices.Recording.Configuration;

/// <summary>
/// Owns this server's copy of the configuration table: loads it from the local store at start,
/// fetches a fresh one from the management server (seed 000, 302-304), applies
/// ConfigurationChanged events in version order (315/316) and re-fetches when it sees a gap. Every
/// accepted copy is stored before it becomes visible, so a restart resumes from it.
/// </summary>
public sealed class ConfigurationSynchronizer(
    RecordingSettings settings,
    ConfigurationCopyStore store,
    IBus bus,
    BusSettings busSettings,
    ILogger<ConfigurationSynchronizer> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Events can arrive before start-up loaded the stored copy (the demo's shared bus starts first).
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ConfigurationCopy _copy = ConfigurationCopyRules.Empty(settings.ServerId);

    /// <summary>Raised (outside the lock) after the copy changed; the recorder reacts to it.</summary>
    public event Action<ConfigurationCopy>? Changed;

    public ConfigurationCopy Current => _copy;

    public async Task InitializeAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        var stored = await store.LoadAsync(settings.ServerId, ct);
        if (stored is not null) _copy = stored;
        log.LogInformation("Configuration copy loaded from the local store: version {Version}, {Devices} device(s)", _copy.Version, _copy.Devices.Count);
        _initialized.TrySetResult();
        Changed?.Invoke(_copy);
    }

    /// <summary>Asks the management server for a fresh copy; false (and the old copy kept) if it does not answer.</summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        await _initialized.Task.WaitAsync(ct);
        ConfigurationCopy fresh;
        var known = _copy.Version;
        try
        {
            var client = bus.CreateRequestClient<GetConfigurationCopy>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(ms: (int)busSettings.RequestTimeout.TotalMilliseconds));
            var response = await client.GetResponse<ConfigurationCopy>(new GetConfigurationCopy(settings.ServerId, known, settings.Role.WireName()), ct);
            fresh = response.Message;
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException or MassTransitException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Management server did not provide a configuration copy ({Reason}); keeping version {Version}", e.Message, _copy.Version);
            return false;
        }
        if (fresh.RecordingServerId != settings.ServerId) return false;
        await ReplaceAsync(fresh, known, ct);
        return true;
    }

    public async Task ApplyAsync(ConfigurationChanged change, CancellationToken ct)
    {
        await _initialized.Task.WaitAsync(ct);
        ConfigurationCopy? next = null;
        ApplyOutcome outcome;
        await _gate.WaitAsync(ct);
        try
        {
            outcome = ConfigurationCopyRules.TryApply(_copy, change, out var candidate, allServers: settings.IsArchive);
            if (outcome == ApplyOutcome.Applied)
            {
                await store.SaveAsync(candidate, ct);
                if (!CopyEquals(_copy, candidate)) next = candidate;
                _copy = candidate;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (next is not null) Changed?.Invoke(next);
        if (outcome == ApplyOutcome.Gap)
        {
            log.LogInformation("Configuration version {Version} arrived after {Known}: fetching a fresh copy", change.Version, _copy.Version);
            await RefreshAsync(ct);
        }
    }

    private async Task ReplaceAsync(ConfigurationCopy fresh, long versionAsked, CancellationToken ct)
    {
        var changed = false;
        await _gate.WaitAsync(ct);
        try
        {
            // An answer overtaken by events applied meanwhile is dropped. An answer older than what
            // we asked with means the master table itself went back (restored database): it wins.
            if (fresh.Version < _copy.Version && fresh.Version >= versionAsked) return;
            if (fresh.Version < versionAsked)
                log.LogWarning("Management server answered version {Fresh}, older than our {Known}: its database was restored; adopting it", fresh.Version, versionAsked);
            changed = !CopyEquals(_copy, fresh);
            if (changed || fresh.Version != _copy.Version) await store.SaveAsync(fresh, ct);
            _copy = fresh;
        }
        finally
        {
            _gate.Release();
        }
        if (changed)
        {
            log.LogInformation("Configuration copy now at version {Version}: {Devices} device(s)", fresh.Version, fresh.Devices.Count);
            Changed?.Invoke(fresh);
        }
    }

    private static bool CopyEquals(ConfigurationCopy a, ConfigurationCopy b) =>
        a.Devices.Count == b.Devices.Count && a.Servers.SequenceEqual(b.Servers)
        && a.Devices.Zip(b.Devices).All(p => p.First.Device == p.Second.Device && p.First.Entries.SequenceEqual(p.Second.Entries));
}
