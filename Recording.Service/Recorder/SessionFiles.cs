using VmsServices.Media.Mp4;
using VmsServices.Messages;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>What one <see cref="SessionFiles.AppendAsync"/> committed.</summary>
internal readonly record struct AppendResult(SegmentInfo? Video, SegmentInfo? Audio, long Bytes, bool AudioDropped);

/// <summary>
/// The recording files of one RTSP session of one device: a video file and, when the camera sends
/// audio, an audio-only file (its own data type, seed 000 FIG. 6A). A file starts with the init segment
/// (ftyp+moov, ISO/IEC 14496-12 §8.8.1) built from the session's tracks; it is rolled every
/// <see cref="RecorderOptions.FileRollInterval"/> of wall time and whenever the video codec parameters
/// change, because avc1/hvc1 sample entries carry SPS/PPS out of band (ISO/IEC 14496-15 §5.4.2) and
/// cannot describe fragments encoded with other parameter sets. The audio file rolls with the video file.
/// </summary>
internal sealed class SessionFiles(ISegmentStore store, string deviceId, TimeSpan rollInterval) : IAsyncDisposable
{
    private readonly long _rollMicros = rollInterval.Ticks / 10;
    private IRecordingFileWriter? _video;
    private IRecordingFileWriter? _audio;
    private Mp4Track? _videoTrack;
    private long _fileStartUtc;
    private byte[]? _audioInit;
    private bool _audioGap;

    public int FilesOpened { get; private set; }

    /// <summary>
    /// Commits the segment's video fragment and then its audio fragment. A
    /// <see cref="StorageFullException"/> for the video propagates (the segment is lost); for the audio it is
    /// absorbed (AudioDropped) and the next audio segment is flagged AfterGap.
    /// </summary>
    public async Task<AppendResult> AppendAsync(RecordedSegment segment, IReadOnlyList<Mp4Track> audioTracks,
        SegmentFlags flags, CancellationToken ct)
    {
        if (_video is null || !ReferenceEquals(segment.VideoTrack, _videoTrack) || segment.StartUtcMicros - _fileStartUtc >= _rollMicros)
            await RollAsync(segment, ct);
        SegmentInfo video = await _video!.AppendSegmentAsync(segment.VideoFragment, segment.StartUtcMicros, segment.EndUtcMicros, flags, ct);
        long bytes = segment.VideoFragment.Length;

        if (audioTracks.Count == 0) return new AppendResult(video, null, bytes, false);
        if (segment.AudioFragment.IsEmpty)
        {
            _audioGap = true; // the camera sent no audio for this interval: the next audio segment follows a hole
            return new AppendResult(video, null, bytes, false);
        }
        try
        {
            _audioInit ??= InitSegment.Create(audioTracks);
            _audio ??= await Open(DataTypes.Audio, segment.StartUtcMicros, _audioInit, ct);
            SegmentFlags audioFlags = flags | (_audioGap ? SegmentFlags.AfterGap : SegmentFlags.None);
            SegmentInfo audio = await _audio.AppendSegmentAsync(segment.AudioFragment, segment.StartUtcMicros, segment.EndUtcMicros, audioFlags, ct);
            _audioGap = false;
            return new AppendResult(video, audio, bytes + segment.AudioFragment.Length, false);
        }
        catch (StorageFullException)
        {
            _audioGap = true;
            return new AppendResult(video, null, bytes, true);
        }
    }

    private async Task RollAsync(RecordedSegment segment, CancellationToken ct)
    {
        await CloseAsync();
        byte[] init = InitSegment.Create([segment.VideoTrack]);
        _video = await Open(DataTypes.Video, segment.StartUtcMicros, init, ct);
        _videoTrack = segment.VideoTrack;
        _fileStartUtc = segment.StartUtcMicros;
    }

    private async Task<IRecordingFileWriter> Open(string dataType, long startUtcMicros, byte[] init, CancellationToken ct)
    {
        IRecordingFileWriter writer = await store.OpenFileAsync(deviceId, dataType, startUtcMicros, init, ct);
        FilesOpened++;
        return writer;
    }

    private async Task CloseAsync()
    {
        IRecordingFileWriter? video = _video, audio = _audio;
        _video = null;
        _audio = null;
        _videoTrack = null;
        try
        {
            if (video is not null) await video.DisposeAsync();
        }
        finally
        {
            if (audio is not null) await audio.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());
}
