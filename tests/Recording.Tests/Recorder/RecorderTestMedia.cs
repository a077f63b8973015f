using System.Buffers.Binary;
using VmsServices.Media;
using VmsServices.Media.Mp4;
using VmsServices.SimCamera.Source;

namespace VmsServices.Recording.Tests.Recorder;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public long NowMicros => (Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Synthetic tracks and samples, and a minimal reader of the fragments the segmenter writes.</summary>
internal static class RecorderTestMedia
{
    // Real parameter sets: those of the simulated camera's 360p loop.
    private static readonly H264Loop Loop = H264Loop.LoadEmbedded(H264Loop.Small360Resource);
    public static byte[] Sps => Loop.Sps;
    public static byte[] Pps => Loop.Pps;

    public static TrackInfo H264()
    {
        var t = new TrackInfo { Codec = Codec.H264, PayloadType = 96, ClockRate = 90000, Control = "trackID=1" };
        t.ParameterSets.Add(Sps);
        t.ParameterSets.Add(Pps);
        return t;
    }

    /// <summary>AAC-LC 48 kHz stereo (AudioSpecificConfig 0x1190, ISO/IEC 14496-3 §1.6.2.1).</summary>
    public static TrackInfo Aac() => new()
    {
        Codec = Codec.Aac, PayloadType = 97, ClockRate = 48000, Control = "trackID=2", Channels = 2,
        AudioSpecificConfig = [0x11, 0x90],
    };

    public static MediaSample Video(long rtp, bool key, long? captureUtcMicros = null, int size = 100) =>
        new(0, rtp, captureUtcMicros, key, Frame(size, key));

    public static MediaSample Audio(long rtp, int track = 1, long? captureUtcMicros = null) =>
        new(track, rtp, captureUtcMicros, true, new byte[20]);

    private static byte[] Frame(int size, bool key)
    {
        var data = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(data, size - 4);
        data[4] = key ? (byte)0x65 : (byte)0x41; // IDR / non-IDR slice NAL header
        return data;
    }

    /// <summary>What a stored fragment says about its first traf.</summary>
    public static TrackFragmentInfo FirstTrack(ReadOnlyMemory<byte> fragment)
    {
        Span<TrackFragmentInfo> infos = stackalloc TrackFragmentInfo[4];
        int n = FragmentRewriter.ReadTrackFragments(fragment.Span, infos, out _);
        Assert.That(n, Is.GreaterThan(0), "a parseable moof");
        return infos[0];
    }

    /// <summary>Whether the first sample of the first trun is a sync sample (ISO/IEC 14496-12 §8.8.8, §8.8.3.1).</summary>
    public static bool FirstSampleIsSync(ReadOnlySpan<byte> fragment)
    {
        int trun = fragment.IndexOf("trun"u8);
        Assert.That(trun, Is.GreaterThan(0));
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(fragment[(trun + 4)..]) & 0xFFFFFF;
        int pos = trun + 8 + 4; // version/flags, sample_count
        if ((flags & 0x1) != 0) pos += 4;  // data_offset
        if ((flags & 0x4) != 0) return (BinaryPrimitives.ReadUInt32BigEndian(fragment[pos..]) & 0x00010000) == 0; // first_sample_flags
        if ((flags & 0x100) != 0) pos += 4;
        if ((flags & 0x200) != 0) pos += 4;
        Assert.That(flags & 0x400, Is.Not.Zero, "per-sample flags present");
        return (BinaryPrimitives.ReadUInt32BigEndian(fragment[pos..]) & 0x00010000) == 0;
    }
}
