using VmsServices.Media.Codecs;

namespace VmsServices.Media.Tests.Mp4;

public class AnnexBTests
{
    private static List<byte[]> AllNals(byte[] data)
    {
        var list = new List<byte[]>();
        int offset = 0;
        while (AnnexB.NextNalUnit(data, ref offset, out ReadOnlySpan<byte> nal)) list.Add(nal.ToArray());
        return list;
    }

    [Test]
    public void NextNalUnit_handles_3_and_4_byte_start_codes_and_trailing_zeros()
    {
        byte[] stream = [0, 0, 0, 1, 0x67, 0xAA, 0, 0, 1, 0x68, 0xBB, 0, 0, 0, 0, 1, 0x65, 0x01, 0x02, 0, 0];
        List<byte[]> nals = AllNals(stream);
        Assert.That(nals, Has.Count.EqualTo(3));
        Assert.That(nals[0], Is.EqualTo(new byte[] { 0x67, 0xAA }));
        Assert.That(nals[1], Is.EqualTo(new byte[] { 0x68, 0xBB }));
        Assert.That(nals[2], Is.EqualTo(new byte[] { 0x65, 0x01, 0x02 }));
    }

    [Test]
    public void NextNalUnit_without_start_code_or_with_empty_payloads_returns_false()
    {
        Assert.That(AllNals([1, 2, 3, 4]), Is.Empty);
        Assert.That(AllNals([]), Is.Empty);
        Assert.That(AllNals([0, 0, 1, 0, 0, 1]), Is.Empty);
        Assert.That(AllNals([0, 0, 1]), Is.Empty);
    }

    [Test]
    public void NextNalUnit_skips_garbage_before_the_first_start_code()
    {
        Assert.That(AllNals([9, 9, 0, 0, 1, 0x41, 0x9A]).Single(), Is.EqualTo(new byte[] { 0x41, 0x9A }));
    }

    [Test]
    public void Access_unit_detector_splits_libx264_stream_into_one_unit_per_frame()
    {
        var (units, parameterSets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264()), Codec.H264);
        Assert.That(units, Has.Count.EqualTo(50));
        Assert.That(units.Select((u, i) => u.IsKeyFrame ? i : -1).Where(i => i >= 0), Is.EqualTo(new[] { 0, 25 }));
        Assert.That(parameterSets.Select(p => AnnexB.NalType(Codec.H264, p)), Is.EquivalentTo(new[] { 7, 8 }));
    }

    [Test]
    public void Access_unit_detector_splits_libx265_stream_into_one_unit_per_frame()
    {
        var (units, parameterSets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H265()), Codec.H265);
        Assert.That(units, Has.Count.EqualTo(50));
        Assert.That(units[0].IsKeyFrame, Is.True);
        Assert.That(parameterSets.Select(p => AnnexB.NalType(Codec.H265, p)), Is.EquivalentTo(new[] { 32, 33, 34 }));
    }

    [Test]
    public void Detector_starts_a_new_unit_on_first_slice_or_non_vcl_after_vcl()
    {
        var d = new AccessUnitDetector(Codec.H264);
        Assert.That(d.IsNewAccessUnit([0x09, 0xF0]), Is.False);        // AUD opens the first unit
        Assert.That(d.IsNewAccessUnit([0x65, 0x88]), Is.False);        // IDR slice, first_mb = 0
        Assert.That(d.IsNewAccessUnit([0x65, 0x40]), Is.False);        // second slice, first_mb = 1
        Assert.That(d.IsNewAccessUnit([0x41, 0x9A]), Is.True);         // next picture, first_mb = 0
        Assert.That(d.IsNewAccessUnit([0x06, 0x05]), Is.True);         // SEI after VCL
        Assert.That(d.IsNewAccessUnit([0x41, 0x9A]), Is.False);        // its slice belongs to the SEI's unit
    }

    [Test]
    public void WriteLengthPrefixed_writes_big_endian_length()
    {
        var buffer = new byte[7];
        Assert.That(AnnexB.WriteLengthPrefixed([0x65, 1, 2], buffer), Is.EqualTo(7));
        Assert.That(buffer, Is.EqualTo(new byte[] { 0, 0, 0, 3, 0x65, 1, 2 }));
        Assert.That(AnnexB.WriteLengthPrefixed([0x65, 1, 2], new byte[6]), Is.EqualTo(-1));
    }
}
