using System.Globalization;

namespace VmsServices.Media.Rtsp;

/// <summary>
/// Turns SDP media sections into <see cref="TrackInfo"/>s for the codecs we record, and resolves
/// a=control URLs (RFC 2326 §C.1.1) against the base URL (Content-Base, else Content-Location,
/// else the DESCRIBE URL, §C.1.1).
/// </summary>
public static class SdpTrackMapper
{
    /// <summary>Supported tracks in SDP order; unsupported media or payload formats are skipped.</summary>
    public static List<TrackInfo> ToTracks(SdpSessionDescription sdp, string baseUrl)
    {
        string sessionBase = SessionControlUrl(sdp, baseUrl);
        var tracks = new List<TrackInfo>();
        foreach (SdpMediaDescription media in sdp.Media)
        {
            if (media.Media is not ("video" or "audio"))
                continue;
            foreach (int pt in media.PayloadTypes)
            {
                TrackInfo? track = TryCreateTrack(media, pt, ResolveControl(sessionBase, media.Control));
                if (track is not null)
                {
                    tracks.Add(track);
                    break;
                }
            }
        }
        return tracks;
    }

    /// <summary>The aggregate control URL (used for PLAY/TEARDOWN): session a=control or the base.</summary>
    public static string SessionControlUrl(SdpSessionDescription sdp, string baseUrl) =>
        ResolveControl(baseUrl, sdp.Control);

    /// <summary>
    /// Resolves a=control: absent or "*" means the base; an absolute rtsp(s) URL is used as is; a
    /// path starting with '/' is relative to the authority; anything else is appended to the base
    /// with a '/' separator (what cameras expect even when the base lacks a trailing slash).
    /// </summary>
    public static string ResolveControl(string baseUrl, string? control)
    {
        if (string.IsNullOrWhiteSpace(control) || control == "*")
            return baseUrl;
        if (control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) ||
            control.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
            return control;
        if (control.StartsWith('/') && Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? b))
            return b.GetLeftPart(UriPartial.Authority) + control;
        return baseUrl.EndsWith('/') ? baseUrl + control : baseUrl + "/" + control;
    }

    private static TrackInfo? TryCreateTrack(SdpMediaDescription media, int pt, string control)
    {
        media.FormatParameters.TryGetValue(pt, out Dictionary<string, string>? fmtp);
        fmtp ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        media.RtpMaps.TryGetValue(pt, out SdpRtpMap? map);
        string encoding = map?.EncodingName.ToUpperInvariant() ?? pt switch
        {
            0 => "PCMU", // RFC 3551 §6 static payload types
            8 => "PCMA",
            _ => "",
        };
        int clock = map?.ClockRate ?? 8000;
        int channels = map?.Channels ?? 1;

        switch (encoding)
        {
            case "H264" when media.Media == "video":
                // RFC 6184 §8.1: packetization-mode 2 (interleaved) is not supported.
                if (fmtp.TryGetValue("packetization-mode", out string? mode) && mode.Trim() is not ("0" or "1"))
                    return null;
                var h264 = NewTrack(Codec.H264, pt, clock, control, 1, fmtp);
                AddBase64List(h264, fmtp, "sprop-parameter-sets");
                return h264;
            case "H265" or "HEVC" when media.Media == "video":
                // RFC 7798 §7.1: DONL fields (sprop-max-don-diff > 0) are not supported.
                if (fmtp.TryGetValue("sprop-max-don-diff", out string? don) && don.Trim() != "0")
                    return null;
                var h265 = NewTrack(Codec.H265, pt, clock, control, 1, fmtp);
                AddBase64List(h265, fmtp, "sprop-vps");
                AddBase64List(h265, fmtp, "sprop-sps");
                AddBase64List(h265, fmtp, "sprop-pps");
                return h265;
            case "MPEG4-GENERIC" when media.Media == "audio":
                // RFC 3640 §4.1; only AAC (streamtype 5, the AAC-hbr/lbr modes) is recorded.
                if (fmtp.TryGetValue("mode", out string? aacMode) &&
                    !aacMode.StartsWith("AAC-", StringComparison.OrdinalIgnoreCase))
                    return null;
                var aac = NewTrack(Codec.Aac, pt, clock, control, channels, fmtp);
                if (fmtp.TryGetValue("config", out string? config))
                    aac.AudioSpecificConfig = TryHex(config);
                return aac;
            case "PCMU" when media.Media == "audio":
                return NewTrack(Codec.Pcmu, pt, clock, control, channels, fmtp);
            case "PCMA" when media.Media == "audio":
                return NewTrack(Codec.Pcma, pt, clock, control, channels, fmtp);
            default:
                return null;
        }
    }

    private static TrackInfo NewTrack(Codec codec, int pt, int clock, string control, int channels, Dictionary<string, string> fmtp) =>
        new() { Codec = codec, PayloadType = pt, ClockRate = clock, Control = control, Channels = channels, FormatParameters = fmtp };

    private static void AddBase64List(TrackInfo track, Dictionary<string, string> fmtp, string key)
    {
        if (!fmtp.TryGetValue(key, out string? value))
            return;
        foreach (string item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                byte[] nal = Convert.FromBase64String(item);
                if (nal.Length > 0)
                    track.ParameterSets.Add(nal);
            }
            catch (FormatException)
            {
                // a damaged sprop entry: the parameter sets may still arrive in-band
            }
        }
    }

    private static byte[]? TryHex(string hex)
    {
        hex = hex.Trim();
        if (hex.Length == 0 || hex.Length % 2 != 0)
            return null;
        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]))
                return null;
        return bytes;
    }
}
