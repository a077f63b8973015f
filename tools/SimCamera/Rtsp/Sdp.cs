using System.Globalization;
using System.Text;
using VmsServices.SimCamera.Rtp;

namespace VmsServices.SimCamera.Rtsp;

/// <summary>SDP (RFC 8866) session description of a mount: one H.264 video track (RFC 6184).</summary>
public static class Sdp
{
    public const string TrackControl = "track1";

    public static string Build(PacketizedLoop loop, string sessionName, ulong sessionId, string address = "127.0.0.1")
    {
        var h264 = loop.Loop;
        var sb = new StringBuilder();
        sb.Append("v=0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"o=- {sessionId} 1 IN IP4 {address}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"s={sessionName}\r\n");
        sb.Append("c=IN IP4 0.0.0.0\r\n");
        sb.Append("t=0 0\r\n");
        sb.Append("a=tool:VmsServices SimCamera\r\n");
        sb.Append("a=range:npt=now-\r\n");
        sb.Append("a=control:*\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"m=video 0 RTP/AVP {loop.PayloadType}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{loop.PayloadType} H264/{PacketizedLoop.ClockRate}\r\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"a=fmtp:{loop.PayloadType} packetization-mode=1;profile-level-id={h264.ProfileLevelId};sprop-parameter-sets={h264.SpropParameterSets}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=framerate:{h264.FramesPerSecond:0.###}\r\n");
        sb.Append("a=recvonly\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=control:{TrackControl}\r\n");
        return sb.ToString();
    }
}
