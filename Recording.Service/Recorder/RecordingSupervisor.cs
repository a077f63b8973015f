using System.Threading.Channels;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Keeps one <see cref="DeviceRecorder"/> running per device whose current flag names this server
/// (<see cref="ConfigurationCopyRules.CurrentDevices"/>, seed 000 [0066]): reads the copy at start and
/// reconciles again after every <see cref="ConfigurationSynchronizer.Changed"/>. New devices start, removed
/// ones stop (cancel + TEARDOWN; an incomplete segment is dropped, committed ones stay), a changed stream URL
/// or credentials reference restarts the recorder. Each recorder is one async loop (no thread per device),
/// so 256 devices cost 256 idle tasks plus their sockets.
/// </summary>
public sealed class RecordingSupervisor : BackgroundService
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private sealed record Running(DeviceRecorder Recorder, CancellationTokenSource Cts, Task Task);

    private static readonly TimeSpan ExpiryCheck = TimeSpan.FromSeconds(10);

    private readonly Func<ConfigurationCopy> _current;
    private readonly PreparedRecordings? _prepared;
    private readonly Action<Action<ConfigurationCopy>> _subscribe;
    private readonly Action<Action<ConfigurationCopy>> _unsubscribe;
    private readonly Func<DeviceRecord, DeviceRecorder> _createRecorder;
    private readonly ILogger _log;
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public RecordingSupervisor(ConfigurationSynchronizer synchronizer, PreparedRecordings prepared, ISegmentStore store, ICredentialsProvider credentials,
        RecorderOptions options, TimeProvider time, ILoggerFactory loggers, RecordingMetrics? metrics = null, RecordingSettings? settings = null)
        // An archiving server records no camera, even one a configuration table names current on it.
        : this(settings?.IsArchive == true ? () => ConfigurationCopyRules.Empty(synchronizer.Current.RecordingServerId) : () => synchronizer.Current,
            h => synchronizer.Changed += h, h => synchronizer.Changed -= h,
            device => new DeviceRecorder(device, store, credentials, options, time, loggers.CreateLogger<DeviceRecorder>(), metrics),
            loggers.CreateLogger<RecordingSupervisor>())
    {
        _prepared = prepared;
        metrics?.Observe(() => Statuses, () => synchronizer.Current.Version);
    }

    /// <summary>The status of one device's recorder, if it runs.</summary>
    public RecorderStatus? StatusOf(string deviceId)
    {
        lock (_gate) return _running.TryGetValue(deviceId, out var r) ? r.Recorder.Status : null;
    }

    /// <summary>The live feed of a device this server records, if it does.</summary>
    public Live.LiveFeed? LiveFeedOf(string deviceId)
    {
        lock (_gate) return _running.TryGetValue(deviceId, out var r) ? r.Recorder.Live : null;
    }

    /// <summary>Devices to record: those the copy names this server current for, plus those prepared for a move.</summary>
    private IEnumerable<DeviceRecord> Wanted()
    {
        var current = _current().CurrentDevices().Select(d => d.Device).ToList();
        _prepared?.Adopt(current.Select(d => d.Id));
        var prepared = _prepared?.Active() ?? [];
        return current.Concat(prepared.Where(p => current.All(c => c.Id != p.Id)));
    }

    /// <summary>Seam for tests: the configuration source and the recorder factory.</summary>
    internal RecordingSupervisor(Func<ConfigurationCopy> current, Action<Action<ConfigurationCopy>> subscribe,
        Action<Action<ConfigurationCopy>> unsubscribe, Func<DeviceRecord, DeviceRecorder> createRecorder, ILogger log)
    {
        _current = current;
        _subscribe = subscribe;
        _unsubscribe = unsubscribe;
        _createRecorder = createRecorder;
        _log = log;
    }

    /// <summary>Status of every running recorder, ordered by device id.</summary>
    public IReadOnlyList<RecorderStatus> Statuses
    {
        get
        {
            DeviceRecorder[] recorders;
            lock (_gate) recorders = _running.Values.Select(r => r.Recorder).ToArray();
            return recorders.Select(r => r.Status).OrderBy(s => s.DeviceId, StringComparer.Ordinal).ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _subscribe(OnChanged);
        if (_prepared is not null) _prepared.Changed += OnPreparedChanged;
        // Prepared recordings expire without an event: look again now and then.
        using var expiry = new Timer(_ => _changed.Writer.TryWrite(true), null, ExpiryCheck, ExpiryCheck);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(Wanted(), stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    _log.LogError(e, "Reconciling the recorders failed; retrying at the next change");
                }
                await _changed.Reader.ReadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // service stopping
        }
        finally
        {
            _unsubscribe(OnChanged);
            if (_prepared is not null) _prepared.Changed -= OnPreparedChanged;
            await ReconcileAsync([], CancellationToken.None);
        }
    }

    // Raised on the synchronizer's thread: only signal; changes arriving during a reconcile coalesce into one more pass.
    private void OnChanged(ConfigurationCopy copy) => _changed.Writer.TryWrite(true);

    private void OnPreparedChanged() => _changed.Writer.TryWrite(true);

    /// <summary>Starts, stops and restarts recorders so that exactly <paramref name="wanted"/> are running.</summary>
    internal async Task ReconcileAsync(IEnumerable<DeviceRecord> wanted, CancellationToken ct)
    {
        Dictionary<string, DeviceRecord> want = wanted.ToDictionary(d => d.Id, StringComparer.Ordinal);
        List<Running> stopping;
        lock (_gate)
        {
            stopping = _running.Values
                .Where(r => !want.TryGetValue(r.Recorder.DeviceId, out DeviceRecord? d) || NeedsRestart(r.Recorder.Device, d))
                .ToList();
            foreach (Running r in stopping) _running.Remove(r.Recorder.DeviceId);
        }
        await Task.WhenAll(stopping.Select(StopAsync));

        foreach (DeviceRecord device in want.Values)
        {
            if (ct.IsCancellationRequested) return;
            lock (_gate)
            {
                if (_running.ContainsKey(device.Id)) continue;
                DeviceRecorder recorder = _createRecorder(device);
                var cts = new CancellationTokenSource();
                _running[device.Id] = new Running(recorder, cts, Task.Run(() => recorder.RunAsync(cts.Token), CancellationToken.None));
            }
            _log.LogInformation("Recording {Device} started", device.Id);
        }
    }

    private static bool NeedsRestart(DeviceRecord running, DeviceRecord wanted) =>
        running.StreamUrl != wanted.StreamUrl || running.CredentialsRef != wanted.CredentialsRef;

    private async Task StopAsync(Running running)
    {
        running.Cts.Cancel();
        try
        {
            await running.Task.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("Recorder of {Device} did not stop within {Timeout} s", running.Recorder.DeviceId, StopTimeout.TotalSeconds);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Recorder of {Device} failed while stopping", running.Recorder.DeviceId);
        }
        running.Cts.Dispose();
        _log.LogInformation("Recording {Device} stopped", running.Recorder.DeviceId);
    }
}
