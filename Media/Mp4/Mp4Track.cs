using VmsServices.Media.Codecs;

namespace VmsServices.Media.Mp4;

/// <summary>
/// Everything the init segment needs about one track. Build with <see cref="TryCreate"/> from the
/// session's <see cref="TrackInfo"/>. Timescales: video 90000 (equal to the RTP clock, so RTP
/// timestamps are decode times), audio = its sample rate.
/// </summary>
public sealed class Mp4Track
{
    public const uint VideoTimescale = 90000;

    private Mp4Track(uint trackId, Codec codec, uint timescale, byte[][] parameterSets, byte[]? audioConfig,
        int width, int height, int sampleRate, int channels)
    {
        TrackId = trackId;
        Codec = codec;
        Timescale = timescale;
        ParameterSets = parameterSets;
        AudioSpecificConfig = audioConfig;
        Width = width;
        Height = height;
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>track_ID (ISO/IEC 14496-12 §8.3.2), 1-based, unique in the file.</summary>
    public uint TrackId { get; }
    public Codec Codec { get; }
    /// <summary>Ticks per second of decode times and durations (mdhd timescale, §8.4.2).</summary>
    public uint Timescale { get; }
    /// <summary>H.264: SPS..., PPS...; H.265: VPS, SPS, PPS (no start codes).</summary>
    public IReadOnlyList<byte[]> ParameterSets { get; }
    public byte[]? AudioSpecificConfig { get; }
    public int Width { get; }
    public int Height { get; }
    public int SampleRate { get; }
    public int Channels { get; }
    public bool IsVideo => Codec is Codec.H264 or Codec.H265;

    /// <summary>
    /// Validates the codec configuration: video needs a parseable SPS (and PPS, VPS for H.265),
    /// AAC a parseable AudioSpecificConfig. Returns false (with a reason) when it is missing.
    /// </summary>
    public static bool TryCreate(TrackInfo info, uint trackId, out Mp4Track? track, out string? error)
    {
        track = null;
        error = null;
        if (trackId == 0) { error = "track_ID must be > 0"; return false; }
        byte[][] sets = info.ParameterSets.Where(p => p.Length > 0).Select(p => p.ToArray()).ToArray();
        switch (info.Codec)
        {
            case Codec.H264:
            {
                byte[]? sps = sets.FirstOrDefault(p => (p[0] & 0x1F) == 7);
                if (sps == null || !H264Sps.TryParse(sps, out H264Sps parsed)) { error = "missing or invalid H.264 SPS"; return false; }
                if (!sets.Any(p => (p[0] & 0x1F) == 8)) { error = "missing H.264 PPS"; return false; }
                track = new Mp4Track(trackId, info.Codec, VideoTimescale, sets, null, parsed.Width, parsed.Height, 0, 0);
                return true;
            }
            case Codec.H265:
            {
                byte[]? sps = sets.FirstOrDefault(p => ((p[0] >> 1) & 0x3F) == 33);
                if (sps == null || !H265Sps.TryParse(sps, out H265Sps parsed)) { error = "missing or invalid H.265 SPS"; return false; }
                if (!sets.Any(p => ((p[0] >> 1) & 0x3F) == 32) || !sets.Any(p => ((p[0] >> 1) & 0x3F) == 34))
                { error = "missing H.265 VPS or PPS"; return false; }
                track = new Mp4Track(trackId, info.Codec, VideoTimescale, sets, null, parsed.Width, parsed.Height, 0, 0);
                return true;
            }
            case Codec.Aac:
            {
                if (info.AudioSpecificConfig is not { } asc || !AacConfig.TryParse(asc, out AacConfig config))
                { error = "missing or invalid AudioSpecificConfig"; return false; }
                int channels = config.ChannelConfiguration is > 0 and < 7 ? config.ChannelConfiguration : Math.Max(1, info.Channels);
                track = new Mp4Track(trackId, info.Codec, (uint)config.SampleRate, [], asc.ToArray(), 0, 0, config.SampleRate, channels);
                return true;
            }
            case Codec.Pcmu or Codec.Pcma:
            {
                int rate = info.ClockRate > 0 ? info.ClockRate : 8000;
                track = new Mp4Track(trackId, info.Codec, (uint)rate, [], null, 0, 0, rate, Math.Max(1, info.Channels));
                return true;
            }
            default:
                error = $"unsupported codec {info.Codec}";
                return false;
        }
    }

    /// <summary><see cref="TryCreate"/> that throws <see cref="ArgumentException"/> on failure.</summary>
    public static Mp4Track Create(TrackInfo info, uint trackId) =>
        TryCreate(info, trackId, out Mp4Track? track, out string? error)
            ? track!
            : throw new ArgumentException($"Track {trackId}: {error}", nameof(info));
}
