using VmsServices.Media.Rtsp;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// The status half of <see cref="DeviceRecorder"/>: counters and the gap list, written by the recorder's
/// loop and read (as an immutable snapshot) by the API and health checks.
/// </summary>
public sealed partial class DeviceRecorder
{
    private const int MaxRecentGaps = 16;

    private readonly Lock _gate = new();
    private readonly Queue<RecordingGap> _gaps = new();
    private RecorderState _state = RecorderState.Connecting;
    private string? _lastError;
    private DateTimeOffset? _lastErrorUtc;
    private long _segmentsWritten;
    private long _bytesWritten;
    private long _segmentsDropped;
    private long? _lastEndUtc;
    private DateTimeOffset? _sessionStartUtc;
    private int _failures;
    private string? _gapReason = "recorder started";
    private volatile RtspSession? _session;

    // Loop-only state (no lock needed).
    private long _notBeforeUtc = long.MinValue;
    private bool _droppedSinceCommit;
    private bool _aheadLogged;
    private string? _secret;

    public RecorderStatus Status
    {
        get
        {
            lock (_gate)
            {
                var gaps = new List<RecordingGap>(_gaps);
                if (_state != RecorderState.Recording && _lastEndUtc is { } end && _gapReason is { } reason)
                    gaps.Add(new RecordingGap(end, null, reason)); // the gap that is still open
                return new RecorderStatus(DeviceId, _state, _lastError, _lastErrorUtc, _segmentsWritten, _bytesWritten,
                    _segmentsDropped, _lastEndUtc, _sessionStartUtc, _failures, gaps, _session?.ReceiveLowWaterBytes);
            }
        }
    }

    private void SetState(RecorderState state)
    {
        lock (_gate) _state = state;
    }

    private void SetBackingOff(int failures, TimeSpan delay)
    {
        lock (_gate)
        {
            _state = RecorderState.BackingOff;
            _failures = failures;
            _sessionStartUtc = null;
        }
        _log.LogInformation("{Device}: reconnecting in {Delay} ms (attempt {Attempt})", DeviceId, (long)delay.TotalMilliseconds, failures + 1);
    }

    private void OnSessionStarted(RtspSession session)
    {
        _aheadLogged = false;
        _session = session;
        lock (_gate)
        {
            _state = RecorderState.Recording;
            _sessionStartUtc = _time.GetUtcNow();
        }
        _log.LogInformation("{Device}: recording {Url} ({Tracks})", DeviceId, SafeUrl(Device.StreamUrl),
            string.Join(", ", session.Tracks.Select(t => t.Codec)));
    }

    private void OnSessionFailed(Exception e)
    {
        string reason = e switch
        {
            RtspAuthenticationException => "authentication failed: " + e.Message,
            CredentialsNotFoundException => e.Message,
            RtspTimeoutException => "timeout: " + e.Message,
            RtspException => e.Message,
            SegmentStoreException => e.Message,
            _ => $"{e.GetType().Name}: {e.Message}",
        };
        reason = Redact(reason);
        lock (_gate) _gapReason ??= reason;
        RecordError(reason);
        if (e is RtspException or CredentialsNotFoundException or SegmentStoreException)
            _log.LogWarning("{Device} ({Url}): {Reason}", DeviceId, SafeUrl(Device.StreamUrl), reason);
        else
            _log.LogError("{Device} ({Url}): unexpected failure {Reason}\n{Stack}", DeviceId, SafeUrl(Device.StreamUrl), reason, e.StackTrace);
    }

    private void OnCommitted(RecordedSegment segment, SegmentFlags flags, AppendResult result)
    {
        lock (_gate)
        {
            if ((flags & SegmentFlags.AfterGap) != 0 && _lastEndUtc is { } previousEnd)
            {
                if (_gaps.Count == MaxRecentGaps) _gaps.Dequeue();
                _gaps.Enqueue(new RecordingGap(previousEnd, segment.StartUtcMicros, _gapReason ?? "stream discontinuity"));
            }
            _gapReason = null;
            _segmentsWritten++;
            _bytesWritten += result.Bytes;
            if (result.AudioDropped) _segmentsDropped++;
            _lastEndUtc = segment.EndUtcMicros;
        }
        _droppedSinceCommit = false;
        _metrics?.Committed(result.Video, result.Audio);
        if (result.AudioDropped) _metrics?.Dropped();
    }

    private void OnStorageFull(RecordedSegment segment, StorageFullException e)
    {
        if (!_droppedSinceCommit)
            _log.LogWarning("{Device}: storage full, dropping segments until there is room ({Reason})", DeviceId, e.Message);
        _droppedSinceCommit = true;
        _metrics?.Dropped();
        lock (_gate)
        {
            _segmentsDropped++;
            _gapReason ??= "storage full";
        }
        RecordError("storage full: " + e.Message);
    }

    private void RecordError(string message)
    {
        lock (_gate)
        {
            _lastError = message;
            _lastErrorUtc = _time.GetUtcNow();
        }
    }

    /// <summary>Error texts may echo what the camera or the URL said; the password never reaches a log or the API.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_secret) ? text : text.Replace(_secret, "***", StringComparison.Ordinal);
}

/// <summary>The segment store failed with something else than a full volume; the session is restarted.</summary>
public sealed class SegmentStoreException(string message, Exception inner) : Exception(message, inner);
