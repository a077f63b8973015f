using VmsServices.Media.Codecs;
using VmsServices.SimCamera.Rtp;

namespace VmsServices.SimCamera.Onvif;

/// <summary>What the media profile announces about the looped stream, read from the stream itself so that
/// GetProfiles always matches what RTSP serves.</summary>
internal sealed record VideoFormat(int Width, int Height, double FramesPerSecond, int GovLength, int BitrateKbps, string H264Profile)
{
    public static VideoFormat Of(PacketizedLoop loop)
    {
        var h264 = loop.Loop;
        var parsed = H264Sps.TryParse(h264.Sps, out var sps);
        var payloadBytes = loop.PayloadBytes.Sum(b => (long)b);
        var bitrate = (int)Math.Round(payloadBytes * 8 / h264.Duration.TotalSeconds / 1000);
        return new VideoFormat(
            parsed ? sps.Width : 0,
            parsed ? sps.Height : 0,
            h264.FramesPerSecond,
            IdrDistance(h264.AccessUnits.Select(u => u.IsIdr).ToList()),
            bitrate,
            ProfileName(parsed ? sps.ProfileIdc : (byte)0));
    }

    /// <summary>Frames from one IDR to the next (the whole loop when it holds a single IDR).</summary>
    private static int IdrDistance(IReadOnlyList<bool> isIdr)
    {
        var first = -1;
        for (var i = 0; i < isIdr.Count; i++)
        {
            if (!isIdr[i]) continue;
            if (first >= 0) return i - first;
            first = i;
        }
        return isIdr.Count;
    }

    // tt:H264Profile only has these four values; profile_idc per H.264 Annex A.2.
    private static string ProfileName(byte profileIdc) => profileIdc switch
    {
        66 => "Baseline",
        88 => "Extended",
        77 => "Main",
        _ => "High",
    };
}
