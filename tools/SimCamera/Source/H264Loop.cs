using System.Reflection;
using VmsServices.Media;
using VmsServices.Media.Codecs;

namespace VmsServices.SimCamera.Source;

/// <summary>One coded picture: the NAL units (without start codes) that belong to it, in decoding order.</summary>
public sealed class AccessUnit
{
    public AccessUnit(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits)
    {
        NalUnits = nalUnits;
        foreach (var nal in nalUnits)
        {
            if (nal.Length == 0) continue;
            switch (nal.Span[0] & 0x1F)
            {
                case H264NalType.Idr: IsIdr = true; break;
                case H264NalType.Sps: HasSps = true; break;
                case H264NalType.Pps: HasPps = true; break;
            }
        }
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> NalUnits { get; }
    public bool IsIdr { get; }
    public bool HasSps { get; }
    public bool HasPps { get; }
}

internal static class H264NalType
{
    public const int NonIdrSlice = 1;
    public const int Idr = 5;
    public const int Sei = 6;
    public const int Sps = 7;
    public const int Pps = 8;
    public const int Aud = 9;
    public const int FuA = 28;

    public static int Of(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : nal[0] & 0x1F;
    public static bool IsVcl(int type) => type is >= 1 and <= 5;
}

/// <summary>
/// A looped H.264 elementary stream, parsed once: access units, SPS/PPS and the SDP parameters derived from them.
/// Immutable and shared by every mount that serves it.
/// </summary>
public sealed class H264Loop
{
    /// <summary>Name of the embedded 1280x720 25 fps 2 Mbit/s loop (4 s, GOP 1 s).</summary>
    public const string Hd720Resource = "loop720p.h264";
    /// <summary>Name of the embedded 640x360 25 fps loop (2 s, GOP 1 s), cheap for tests.</summary>
    public const string Small360Resource = "loop360p.h264";

    private H264Loop(IReadOnlyList<AccessUnit> accessUnits, byte[] sps, byte[] pps, double fps)
    {
        AccessUnits = accessUnits;
        Sps = sps;
        Pps = pps;
        FramesPerSecond = fps;
    }

    public IReadOnlyList<AccessUnit> AccessUnits { get; }
    /// <summary>First SPS of the stream (NAL unit without start code).</summary>
    public byte[] Sps { get; }
    /// <summary>First PPS of the stream (NAL unit without start code).</summary>
    public byte[] Pps { get; }
    public double FramesPerSecond { get; }
    public TimeSpan Duration => TimeSpan.FromSeconds(AccessUnits.Count / FramesPerSecond);

    /// <summary>RFC 6184 profile-level-id: profile_idc, constraint flags, level_idc as 6 hex digits.</summary>
    public string ProfileLevelId => Convert.ToHexString(Sps, 1, 3);

    /// <summary>RFC 6184 sprop-parameter-sets: base64 SPS, comma, base64 PPS.</summary>
    public string SpropParameterSets => Convert.ToBase64String(Sps) + "," + Convert.ToBase64String(Pps);

    public static H264Loop Load(byte[] annexB, double fps)
    {
        if (!(fps > 0 && fps <= 240)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be in (0, 240].");
        var nals = SplitNalUnits(annexB);
        var units = GroupAccessUnits(nals);
        byte[]? sps = null, pps = null;
        foreach (var nal in nals)
        {
            var type = H264NalType.Of(nal.Span);
            if (type == H264NalType.Sps && sps is null && nal.Length >= 4) sps = nal.ToArray();
            if (type == H264NalType.Pps && pps is null && nal.Length >= 2) pps = nal.ToArray();
        }
        if (sps is null || pps is null) throw new InvalidDataException("The H.264 stream has no SPS/PPS.");
        var firstIdr = -1;
        for (var i = 0; i < units.Count; i++)
            if (units[i].IsIdr) { firstIdr = i; break; }
        if (firstIdr < 0) throw new InvalidDataException("The H.264 stream has no IDR picture.");
        // The loop has to start on an IDR so that every iteration (and every new client) decodes cleanly.
        if (firstIdr > 0) units = units.Skip(firstIdr).ToList();
        return new H264Loop(units, sps, pps, fps);
    }

    public static H264Loop LoadFile(string path, double fps) => Load(File.ReadAllBytes(path), fps);

    /// <summary>Loads one of the loops embedded in this assembly (<see cref="Hd720Resource"/>, <see cref="Small360Resource"/>).</summary>
    public static H264Loop LoadEmbedded(string name, double fps = 25)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("VmsServices.SimCamera.media." + name)
            ?? throw new FileNotFoundException($"Embedded media '{name}' not found.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Load(copy.ToArray(), fps);
    }

    /// <summary>
    /// Groups NAL units into access units (H.264 §7.4.1.2.3): a new access unit starts at a VCL NAL unit whose
    /// first_mb_in_slice is 0 (its ue(v) code is the single bit '1', i.e. the top bit of the byte after the NAL
    /// header is set), or at an AUD/SEI/SPS/PPS (or types 14–18) that follows the VCL NAL units of the current one.
    /// </summary>
    internal static List<AccessUnit> GroupAccessUnits(IEnumerable<ReadOnlyMemory<byte>> nals)
    {
        var result = new List<AccessUnit>();
        var current = new List<ReadOnlyMemory<byte>>();
        var detector = new AccessUnitDetector(Codec.H264);
        foreach (var nal in nals)
        {
            if (nal.IsEmpty) continue;
            if (detector.IsNewAccessUnit(nal.Span) && current.Count > 0)
            {
                result.Add(new AccessUnit(current));
                current = new List<ReadOnlyMemory<byte>>();
            }
            current.Add(nal);
        }
        if (current.Any(n => AnnexB.IsVcl(Codec.H264, n.Span))) result.Add(new AccessUnit(current));
        return result;
    }

    /// <summary>Splits an Annex B byte stream into NAL units (slices of <paramref name="annexB"/>, no copies).</summary>
    internal static List<ReadOnlyMemory<byte>> SplitNalUnits(byte[] annexB)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        while (AnnexB.NextNalUnit(annexB, ref offset, out var nal))
        {
            ((ReadOnlySpan<byte>)annexB).Overlaps(nal, out var start);
            result.Add(annexB.AsMemory(start, nal.Length));
        }
        return result;
    }
}
