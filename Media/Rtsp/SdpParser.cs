using System.Globalization;

namespace VmsServices.Media.Rtsp;

/// <summary>One a=rtpmap entry (RFC 8866 §6.6): encoding name, clock rate, optional channels.</summary>
public sealed record SdpRtpMap(string EncodingName, int ClockRate, int Channels);

/// <summary>One m= section (RFC 8866 §5.14) with the attributes a camera client needs.</summary>
public sealed class SdpMediaDescription
{
    public required string Media { get; init; }
    public required string Protocol { get; init; }
    public List<int> PayloadTypes { get; } = new();
    public string? Control { get; set; }
    public Dictionary<int, SdpRtpMap> RtpMaps { get; } = new();
    public Dictionary<int, Dictionary<string, string>> FormatParameters { get; } = new();
}

/// <summary>A parsed session description: session-level a=control plus the media sections.</summary>
public sealed class SdpSessionDescription
{
    public string? Control { get; set; }
    public List<SdpMediaDescription> Media { get; } = new();
}

/// <summary>
/// Tolerant SDP parser (RFC 8866; RTSP usage per RFC 2326 Appendix C). Unknown or malformed
/// lines are ignored; never throws on any input.
/// </summary>
public static class SdpParser
{
    public static SdpSessionDescription Parse(string sdp)
    {
        var session = new SdpSessionDescription();
        SdpMediaDescription? media = null;
        foreach (string raw in sdp.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length < 2 || line[1] != '=')
                continue;
            string value = line[2..];
            switch (line[0])
            {
                case 'm':
                    media = ParseMediaLine(value);
                    if (media is not null)
                        session.Media.Add(media);
                    break;
                case 'a':
                    ParseAttribute(value, session, media);
                    break;
            }
        }
        return session;
    }

    /// <summary>§5.14: m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt; ...</summary>
    private static SdpMediaDescription? ParseMediaLine(string value)
    {
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
            return null;
        var media = new SdpMediaDescription { Media = parts[0].ToLowerInvariant(), Protocol = parts[2] };
        for (int i = 3; i < parts.Length; i++)
            if (TryInt(parts[i], out int pt) && pt is >= 0 and <= 127)
                media.PayloadTypes.Add(pt);
        return media;
    }

    private static void ParseAttribute(string value, SdpSessionDescription session, SdpMediaDescription? media)
    {
        int colon = value.IndexOf(':');
        if (colon < 0)
            return;
        string name = value[..colon].Trim();
        string arg = value[(colon + 1)..].Trim();
        if (name.Equals("control", StringComparison.OrdinalIgnoreCase))
        {
            if (media is null)
                session.Control = arg;
            else
                media.Control = arg;
            return;
        }
        if (media is null)
            return;
        int space = arg.IndexOfAny([' ', '\t']);
        string ptText = space < 0 ? arg : arg[..space];
        string rest = space < 0 ? "" : arg[(space + 1)..].Trim();
        if (!TryInt(ptText, out int pt))
            return;
        if (name.Equals("rtpmap", StringComparison.OrdinalIgnoreCase))
        {
            // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>] (§6.6)
            string[] enc = rest.Split('/');
            if (enc.Length >= 2 && enc[0].Length > 0 && TryInt(enc[1], out int rate) && rate > 0)
            {
                int channels = enc.Length >= 3 && TryInt(enc[2], out int c) && c > 0 ? c : 1;
                media.RtpMaps[pt] = new SdpRtpMap(enc[0], rate, channels);
            }
        }
        else if (name.Equals("fmtp", StringComparison.OrdinalIgnoreCase))
        {
            // a=fmtp:<format> <format specific parameters> (§6.15), here "k=v; k=v"
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string item in rest.Split(';'))
            {
                int eq = item.IndexOf('=');
                if (eq <= 0)
                    continue;
                parameters[item[..eq].Trim()] = item[(eq + 1)..].Trim();
            }
            media.FormatParameters[pt] = parameters;
        }
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
