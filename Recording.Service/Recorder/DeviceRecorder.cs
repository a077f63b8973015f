using VmsServices.Media;
using VmsServices.Media.Rtsp;
using VmsServices.Messages;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Records one device: loop { connect (RtspSession, RTP over TCP) → segment → append to the segment store }.
/// Any failure (camera drop, data stall, protocol garbage, authentication, storage) ends the session: it is
/// disposed (TEARDOWN), the recorder backs off (quick first retry, then 1 s doubling to 30 s, reset after a
/// session longer than 60 s, ±10 % jitter so 256 cameras behind one switch don't reconnect in lock-step) and
/// reconnects. The first segment after any interruption is AfterGap and the interruption is listed in
/// <see cref="Status"/>. A full volume drops single segments without ending the session. Nothing escapes
/// <see cref="RunAsync"/> but the end of it. One async loop, no dedicated thread.
/// </summary>
public sealed partial class DeviceRecorder
{
    private readonly ISegmentStore _store;
    private readonly ICredentialsProvider _credentials;
    private readonly RecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly RecordingMetrics? _metrics;

    public DeviceRecorder(DeviceRecord device, ISegmentStore store, ICredentialsProvider credentials,
        RecorderOptions options, TimeProvider time, ILogger log, RecordingMetrics? metrics = null)
    {
        Device = device;
        _store = store;
        _credentials = credentials;
        _options = options;
        _time = time;
        _log = log;
        _metrics = metrics;
    }

    public DeviceRecord Device { get; }
    public string DeviceId => Device.Id;

    /// <summary>The live view of this device, fed by this recorder's session.</summary>
    public Live.LiveFeed Live { get; } = new();

    /// <summary>Runs until <paramref name="ct"/> is cancelled; never throws.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        int failures = 0;
        try
        {
            await LoadLastEndAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                SetState(RecorderState.Connecting);
                long started = _time.GetTimestamp();
                try
                {
                    await RunSessionAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    OnSessionFailed(e);
                }
                failures = _time.GetElapsedTime(started) > _options.StableSessionDuration ? 1 : failures + 1;
                TimeSpan delay = BackoffDelay(failures);
                SetBackingOff(failures, delay);
                await Task.Delay(delay, _time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception e)
        {
            // Defensive: a bug here must not take the service down; the supervisor sees the Stopped state.
            _log.LogError(e, "Recorder of {Device} stopped unexpectedly", DeviceId);
            RecordError(e.Message);
        }
        finally
        {
            SetState(RecorderState.Stopped);
        }
    }

    /// <summary>failures = 1: quick; then ReconnectDelayMin doubling up to ReconnectDelayMax; ±10 % jitter.</summary>
    internal TimeSpan BackoffDelay(int failures)
    {
        TimeSpan delay = failures <= 1
            ? _options.FirstReconnectDelay
            : TimeSpan.FromTicks((long)Math.Min(_options.ReconnectDelayMax.Ticks,
                _options.ReconnectDelayMin.Ticks * Math.Pow(2, Math.Min(failures - 2, 30))));
        return delay * (0.9 + 0.2 * Random.Shared.NextDouble());
    }

    private async Task RunSessionAsync(CancellationToken ct)
    {
        DeviceCredentials? credentials = await _credentials.GetAsync(Device.CredentialsRef, ct);
        _secret = credentials?.Password;
        var options = new RtspSessionOptions
        {
            Url = Device.StreamUrl,
            UserName = credentials?.UserName,
            Password = credentials?.Password,
            DataStallTimeout = _options.StreamStallTimeout,
            ReceiveBatchInterval = _options.ReceiveBatchInterval,
        };
        await using RtspSession session = await RtspSession.ConnectAsync(options, ct);
        using var segmenter = new Segmenter(session.Tracks, _options, _time, _notBeforeUtc, startsAfterGap: true);
        using var live = new Live.LiveTap(Live, session.Tracks, _options, _time);
        await using var files = new SessionFiles(_store, DeviceId, _options.FileRollInterval);
        // Receive batching saves CPU but delays every byte; while someone watches live it is off.
        var batching = new Lock();
        void OnWatchedChanged()
        {
            lock (batching) session.SetReceiveBatchInterval(Live.HasViewers ? TimeSpan.Zero : _options.ReceiveBatchInterval);
        }
        Live.WatchedChanged += OnWatchedChanged;
        OnWatchedChanged();
        OnSessionStarted(session);
        try
        {
            await session.RunAsync(sample =>
            {
                live.Add(sample);
                RecordedSegment? segment = segmenter.Add(sample);
                return segment is null ? default : new ValueTask(WriteAsync(segment, segmenter, files));
            }, ct);
        }
        finally
        {
            Live.WatchedChanged -= OnWatchedChanged;
            _session = null;
            // An incomplete segment still in the segmenter is dropped; what was committed stays.
            _notBeforeUtc = Math.Max(_notBeforeUtc, segmenter.LastEndUtcMicros);
        }
    }

    private async Task WriteAsync(RecordedSegment segment, Segmenter segmenter, SessionFiles files)
    {
        SegmentFlags flags = segment.Flags | (_droppedSinceCommit ? SegmentFlags.AfterGap : SegmentFlags.None);
        try
        {
            // A finished segment is committed even while stopping (CancellationToken.None): stopping drops only
            // the incomplete one, and the store's commit is short (write + fsync + catalog row).
            AppendResult result = await files.AppendAsync(segment, segmenter.AudioTracks, flags, CancellationToken.None);
            OnCommitted(segment, flags, result);
        }
        catch (StorageFullException e)
        {
            OnStorageFull(segment, e);
        }
        catch (Exception e)
        {
            // Wrapped: RtspSession reports an IOException escaping the sample callback as a lost connection.
            throw new SegmentStoreException($"Segment store failed: {e.Message}", e);
        }
        if (segment.ReanchoredMicros != 0)
            _log.LogInformation("{Device}: clock drift {Drift} ms beyond the bound; segment re-anchored by {Moved} ms",
                DeviceId, segment.DriftMicros / 1000, segment.ReanchoredMicros / 1000);
        else if (Math.Abs(segment.DriftMicros) > _options.MaxClockDrift.Ticks / 10 && !_aheadLogged)
        {
            _aheadLogged = true;
            _log.LogWarning("{Device}: the camera timeline runs {Drift} ms ahead of the local clock; it is corrected at the next session",
                DeviceId, segment.DriftMicros / 1000);
        }
        _notBeforeUtc = Math.Max(_notBeforeUtc, segment.EndUtcMicros);
    }

    /// <summary>The end of this device's newest segment on this server, so a restart never overlaps it.</summary>
    private async Task LoadLastEndAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            // Run at every (re)connect of every camera: one index seek, never a scan of the day.
            if (await _store.LastSegmentAsync(DeviceId, DataTypes.Video, timeout.Token) is { } newest)
            {
                _notBeforeUtc = Math.Max(_notBeforeUtc, newest.EndUtcMicros);
                lock (_gate) _lastEndUtc = newest.EndUtcMicros;
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _log.LogWarning("{Device}: could not read the last recorded segment ({Reason}); recording anyway", DeviceId, e.Message);
        }
    }

    /// <summary>The URL without its userinfo, for logs.</summary>
    internal static string SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : url;
}
