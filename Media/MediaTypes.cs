namespace VmsServices.Media;

/// <summary>Codecs the recorder stores without re-encoding.</summary>
public enum Codec
{
    H264,
    H265,
    Aac,
    Pcmu,
    Pcma,
}

/// <summary>
/// One elementary stream of a camera session as described by SDP (RFC 8866) and the
/// codec's RTP payload format. Codec configuration (SPS/PPS/VPS, AudioSpecificConfig) may
/// arrive later in-band; <see cref="ParameterSets"/> then holds the newest ones seen.
/// </summary>
public sealed class TrackInfo
{
    public required Codec Codec { get; init; }
    public required int PayloadType { get; init; }
    public required int ClockRate { get; init; }
    /// <summary>Absolute or relative control URL from the SDP a=control attribute.</summary>
    public required string Control { get; init; }
    public int Channels { get; init; } = 1;
    /// <summary>H.264: SPS, PPS; H.265: VPS, SPS, PPS (NAL units without start codes).</summary>
    public List<byte[]> ParameterSets { get; } = new();
    /// <summary>AAC AudioSpecificConfig from the SDP config= parameter (RFC 3640).</summary>
    public byte[]? AudioSpecificConfig { get; set; }
    /// <summary>
    /// The SDP a=fmtp parameters of the chosen payload type (keys case-insensitive), e.g. RFC 3640
    /// sizelength/indexlength for AAC. Empty when the SDP had none.
    /// </summary>
    public IReadOnlyDictionary<string, string> FormatParameters { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public bool IsVideo => Codec is Codec.H264 or Codec.H265;
}

/// <summary>
/// One access unit (video frame or audio frame) ready for storage.
/// Video data is AVCC/HVCC form: each NAL unit prefixed by a 4-byte big-endian length
/// (ISO/IEC 14496-15), parameter sets excluded. The buffer is only valid during the callback
/// that receives it: copy what you keep.
/// </summary>
public readonly record struct MediaSample(
    int TrackIndex,
    long RtpTimestamp,          // extended (unwrapped, 64-bit) RTP timestamp in the track's clock units
    long? CaptureUtcMicros,     // wall-clock time from RTCP SR when known, else null
    bool IsKeyFrame,
    ReadOnlyMemory<byte> Data);
