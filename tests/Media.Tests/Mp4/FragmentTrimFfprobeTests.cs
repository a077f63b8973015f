using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

/// <summary>
/// Two recordings of the same camera overlap (a make-before-break move): the first one's fragment
/// is cut where the second begins, and the result, judged by ffmpeg/ffprobe, plays every frame
/// once, in order, without a decode error.
/// </summary>
[Category("ffmpeg")]
public class FragmentTrimFfprobeTests
{
    private const ulong Utc = 1_700_000_000UL * 90_000; // recordings' tfdt are on the UTC timeline

    [SetUp]
    public void RequireFfmpeg() => TestMedia.RequireFfmpeg();

    [Test]
    public void A_fragment_cut_where_an_overlapping_recording_begins_plays_every_frame_once()
    {
        var (units, sets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264(seconds: 4)), Codec.H264);
        Assert.That(units, Has.Count.EqualTo(100));
        Mp4Track track = Muxing.VideoTrack(Codec.H264, sets);
        // Server A: two 2 s fragments. Server B starts recording at frame 75 (a key frame, GOP 1 s),
        // its clock anchoring the same frame 3 ms later than A's.
        List<byte[]> a = Muxing.VideoFragments(units, 50, Utc);
        byte[] b = Muxing.VideoFragments(units.GetRange(75, 25), 25, Utc + 75 * Muxing.FrameDurationTicks + 270)[0];
        ulong cut = Utc + 75 * Muxing.FrameDurationTicks + 270;

        byte[] aTail = FragmentTrimmer.TrimTail(a[1], [new TrackCut(1, cut)])!;
        string path = Muxing.WriteFile("trimmed-overlap.mp4", InitSegment.Create([track]), [a[0], aTail, b]);

        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        TestMedia.ProcessResult frames = TestMedia.Ffprobe($"-select_streams v -show_entries frame=pts,key_frame -of csv=p=0 \"{path}\"");
        var rows = frames.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().TrimEnd(',').Split(',')).ToList();
        long[] pts = rows.Select(r => long.Parse(r[1])).ToArray();
        Assert.That(pts, Has.Length.EqualTo(100), "every camera frame once: none lost at the cut, none twice");
        Assert.That(pts.Zip(pts.Skip(1)).All(p => p.Second > p.First), Is.True, "strictly increasing");
        Assert.That(rows[75][0], Is.EqualTo("1"), "B's first frame is a key frame");
        long largestStep = pts.Zip(pts.Skip(1)).Max(p => p.Second - p.First);
        Assert.That(largestStep, Is.LessThanOrEqualTo(3600 + 270), "no hole at the seam beyond the clock skew");
    }

    [Test]
    public void A_fragment_cut_mid_gop_still_decodes_because_only_its_tail_goes()
    {
        var (units, sets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264(seconds: 2)), Codec.H264);
        Mp4Track track = Muxing.VideoTrack(Codec.H264, sets);
        byte[] fragment = Muxing.VideoFragments(units, 50, Utc)[0];

        byte[] head = FragmentTrimmer.TrimTail(fragment, [new TrackCut(1, Utc + 37 * Muxing.FrameDurationTicks)])!;
        string path = Muxing.WriteFile("trimmed-head.mp4", InitSegment.Create([track]), [head]);

        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        Assert.That(Muxing.Probe(path, "-count_frames -show_entries stream=nb_read_frames")["nb_read_frames"], Is.EqualTo("37"));
        Assert.That(InitSegmentReader.TryReadTracks(InitSegment.Create([track])), Is.EqualTo(new[] { new InitTrack(1, 90_000) }));
    }
}
