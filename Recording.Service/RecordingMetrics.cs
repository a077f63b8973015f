using System.Diagnostics.Metrics;
using VmsServices.Hosting.Metrics;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording;

/// <summary>
/// The instruments of a recording server (meter <c>VmsServices.Recording</c>), served at /metrics in
/// Prometheus form (<c>vms_recording_bytes_written_total</c>, ...). The recorder, the store's
/// retention and the segment serving report what happened; the recorder states and the version of
/// the configuration copy are read when collected.
/// </summary>
public sealed class RecordingMetrics
{
    public const string MeterName = "VmsServices.Recording";
    public const string Local = "local";
    public const string Proxied = "proxied";

    private readonly Meter _meter;
    private readonly CounterTotals _bytesWritten;
    private readonly CounterTotals _segmentsStored;
    private readonly CounterTotals _segmentsDropped;
    private readonly CounterTotals _segmentsDeleted;
    private readonly CounterTotals _bytesDeleted;
    private readonly CounterTotals _retentionFilesDeleted;
    private readonly CounterTotals _bytesServed;
    private readonly CounterTotals _proxiedFetchErrors;

    public RecordingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        string[] dataTypes = [.. DataTypes.All];
        _bytesWritten = new(_meter, "vms.recording.bytes_written", "By", "Media bytes committed to recording files, by data type.", "data_type", dataTypes);
        _segmentsStored = new(_meter, "vms.recording.segments_stored", "{segment}", "Segments committed to the store, by data type.", "data_type", dataTypes);
        _segmentsDropped = new(_meter, "vms.recording.segments_dropped", "{segment}", "Segments (or their audio part) not stored because the media volume was full.");
        _segmentsDeleted = new(_meter, "vms.recording.segments_deleted", "{segment}", "Segments deleted by retention, by data type.", "data_type", dataTypes);
        _bytesDeleted = new(_meter, "vms.recording.bytes_deleted", "By", "Bytes of the segments deleted by retention, by data type.", "data_type", dataTypes);
        _retentionFilesDeleted = new(_meter, "vms.recording.retention_files_deleted", "{file}", "Recording files deleted by retention (whole files).");
        _bytesServed = new(_meter, "vms.recording.segment_bytes_served", "By",
            "Segment bytes sent to clients: read from this server's store (local) or fetched from the holder and streamed through (proxied).", "source", Local, Proxied);
        _proxiedFetchErrors = new(_meter, "vms.recording.proxied_fetch_errors", "{request}",
            "Segment requests this server could not proxy: the holder was unreachable or answered with an error.");
    }

    /// <summary>Reads the recorders' states and the configuration copy's version at each collection.</summary>
    public void Observe(Func<IReadOnlyList<RecorderStatus>> recorders, Func<long> configurationVersion)
    {
        _meter.CreateObservableGauge("vms.recording.recorders", () => ByState(recorders()), "{recorder}",
            "Device recorders of this server, by state (connecting, recording, backing_off, stopped).");
        _meter.CreateObservableGauge("vms.recording.configuration_version", configurationVersion, "{version}",
            "Version of the master configuration table this server's copy reflects.");
    }

    public void Committed(SegmentInfo? video, SegmentInfo? audio)
    {
        foreach (var segment in (ReadOnlySpan<SegmentInfo?>)[video, audio])
        {
            if (segment is null) continue;
            _segmentsStored.Add(1, segment.DataType);
            _bytesWritten.Add(segment.LengthBytes, segment.DataType);
        }
    }

    public void Dropped() => _segmentsDropped.Add(1);

    public void RetentionDeleted(int files, IReadOnlyList<DeletedSegments> deleted)
    {
        _retentionFilesDeleted.Add(files);
        foreach (var d in deleted)
        {
            _segmentsDeleted.Add(d.Segments.Count, d.DataType);
            _bytesDeleted.Add(d.Segments.Sum(s => s.SizeBytes), d.DataType);
        }
    }

    public void Served(string source, long bytes) => _bytesServed.Add(bytes, source);

    public void ProxiedFetchFailed() => _proxiedFetchErrors.Add(1);

    private static IEnumerable<Measurement<int>> ByState(IReadOnlyList<RecorderStatus> statuses) =>
        Enum.GetValues<RecorderState>().Select(state => new Measurement<int>(statuses.Count(s => s.State == state),
            new KeyValuePair<string, object?>("state", StateLabel(state))));

    private static string StateLabel(RecorderState state) => state switch
    {
        RecorderState.BackingOff => "backing_off",
        _ => state.ToString().ToLowerInvariant(),
    };
}
