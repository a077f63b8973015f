using System.Text;

namespace VmsServices.Media.Rtsp;

/// <summary>What the handshake established: a playing session over one connection.</summary>
internal sealed class RtspHandshakeResult
{
    public required RtspConnection Connection { get; init; }
    public required List<TrackInfo> Tracks { get; init; }
    /// <summary>Interleaved channel → track index * 2 (+1 for RTCP); -1 when unused.</summary>
    public required int[] ChannelMap { get; init; }
    public required string AggregateUrl { get; init; }
    public required TimeSpan SessionTimeout { get; init; }
    public required bool UseGetParameter { get; init; }
}

/// <summary>
/// OPTIONS → DESCRIBE → SETUP (each track, RTP/AVP/TCP interleaved, RFC 2326 §10.12) → PLAY,
/// following up to <see cref="RtspSessionOptions.MaxRedirects"/> 3xx redirects (§11.3) of
/// OPTIONS/DESCRIBE.
/// </summary>
internal static class RtspHandshake
{
    public static async Task<RtspHandshakeResult> RunAsync(RtspSessionOptions options, CancellationToken ct)
    {
        string url = options.Url;
        for (int redirects = 0; ; redirects++)
        {
            RtspUrl target = RtspUrl.Parse(url);
            var auth = new RtspAuthenticator(options.UserName ?? target.UserName, options.Password ?? target.Password);
            RtspConnection connection = await RtspConnection.OpenAsync(target, options, auth, ct).ConfigureAwait(false);
            try
            {
                string? redirect = null;
                RtspHandshakeResult? result = await TryStartAsync(connection, target.RequestUrl, r => redirect = r, ct).ConfigureAwait(false);
                if (result is not null)
                    return result;
                await connection.DisposeAsync().ConfigureAwait(false);
                if (redirects >= options.MaxRedirects)
                    throw new RtspProtocolException($"More than {options.MaxRedirects} redirects");
                url = redirect!;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Returns null after reporting a redirect target.</summary>
    private static async Task<RtspHandshakeResult?> TryStartAsync(
        RtspConnection c, string url, Action<string> redirect, CancellationToken ct)
    {
        // §10.1 OPTIONS: some cameras reject it; only redirects and auth failures matter here.
        RtspResponse options = await c.RequestAsync("OPTIONS", url, null, ct).ConfigureAwait(false);
        if (options.IsRedirect)
            return Redirect(options, url, redirect);
        bool useGetParameter = !options.IsSuccess || options.GetHeader("Public") is null ||
            RtspHeaders.ListsMethod(options.GetHeader("Public"), "GET_PARAMETER");

        // §10.2 DESCRIBE
        RtspResponse describe = await c.RequestAsync("DESCRIBE", url, [new("Accept", "application/sdp")], ct).ConfigureAwait(false);
        if (describe.IsRedirect)
            return Redirect(describe, url, redirect);
        EnsureSuccess("DESCRIBE", describe);
        string baseUrl = describe.GetHeader("Content-Base") ?? describe.GetHeader("Content-Location") ?? url;
        SdpSessionDescription sdp = SdpParser.Parse(Encoding.UTF8.GetString(describe.Body));
        List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, baseUrl);
        if (tracks.Count == 0)
            throw new RtspProtocolException("The camera offers no supported track (H.264, H.265, AAC, G.711)");

        // §10.4 SETUP, one interleaved channel pair per track (§10.12, §12.39)
        int[] channelMap = Enumerable.Repeat(-1, 256).ToArray();
        TimeSpan sessionTimeout = RtspHeaders.DefaultSessionTimeout;
        for (int i = 0; i < tracks.Count; i++)
        {
            string transport = $"RTP/AVP/TCP;unicast;interleaved={2 * i}-{2 * i + 1}";
            RtspResponse setup = await c.RequestAsync("SETUP", tracks[i].Control, [new("Transport", transport)], ct).ConfigureAwait(false);
            EnsureSuccess("SETUP", setup);
            if (c.SessionId is null)
            {
                if (!RtspHeaders.TryParseSession(setup.GetHeader("Session"), out string id, out sessionTimeout))
                    throw new RtspProtocolException("SETUP response without a Session header");
                c.SessionId = id;
            }
            if (!RtspHeaders.TryParseInterleaved(setup.GetHeader("Transport"), out int rtp, out int rtcp))
                (rtp, rtcp) = (2 * i, 2 * i + 1);
            if (channelMap[rtp] != -1)
                throw new RtspProtocolException($"The camera assigned interleaved channel {rtp} twice");
            channelMap[rtp] = 2 * i;
            if (rtcp != rtp && channelMap[rtcp] == -1)
                channelMap[rtcp] = 2 * i + 1;
        }

        // §10.5 PLAY on the aggregate control URL (§C.1.1)
        string aggregate = SdpTrackMapper.SessionControlUrl(sdp, baseUrl);
        RtspResponse play = await c.RequestAsync("PLAY", aggregate, [new("Range", "npt=0.000-")], ct).ConfigureAwait(false);
        EnsureSuccess("PLAY", play);

        return new RtspHandshakeResult
        {
            Connection = c,
            Tracks = tracks,
            ChannelMap = channelMap,
            AggregateUrl = aggregate,
            SessionTimeout = sessionTimeout,
            UseGetParameter = useGetParameter,
        };
    }

    private static RtspHandshakeResult? Redirect(RtspResponse response, string url, Action<string> redirect)
    {
        string? location = response.GetHeader("Location");
        if (string.IsNullOrWhiteSpace(location) || !Uri.TryCreate(new Uri(url), location, out Uri? target))
            throw new RtspProtocolException($"Redirect {response.StatusCode} without a usable Location");
        redirect(target.AbsoluteUri);
        return null;
    }

    private static void EnsureSuccess(string method, RtspResponse response)
    {
        if (!response.IsSuccess)
            throw new RtspResponseException(method, response.StatusCode, response.ReasonPhrase);
    }
}
