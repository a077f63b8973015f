using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

public class BoxWriterTests
{
    [Test]
    public void EndBox_patches_big_endian_size_of_nested_boxes()
    {
        using var w = new BoxWriter();
        int outer = w.BeginBox(FourCc.Moov);
        int inner = w.BeginFullBox(FourCc.Mfhd, 1, 0x020304);
        w.WriteUInt32(0xAABBCCDD);
        w.EndBox(inner);
        w.EndBox(outer);

        byte[] expected =
        [
            0, 0, 0, 24, (byte)'m', (byte)'o', (byte)'o', (byte)'v',
            0, 0, 0, 16, (byte)'m', (byte)'f', (byte)'h', (byte)'d', 1, 0x02, 0x03, 0x04, 0xAA, 0xBB, 0xCC, 0xDD,
        ];
        Assert.That(w.WrittenSpan.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Integers_are_written_big_endian()
    {
        using var w = new BoxWriter();
        w.WriteUInt8(0x01);
        w.WriteUInt16(0x0203);
        w.WriteUInt24(0x040506);
        w.WriteUInt32(0x0708090A);
        w.WriteUInt64(0x0B0C0D0E0F101112);
        w.WriteInt16(-1);
        w.WriteZeros(2);
        Assert.That(w.WrittenSpan.ToArray(), Is.EqualTo(new byte[]
        {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 0xFF, 0xFF, 0, 0,
        }));
    }

    [Test]
    public void Writer_grows_beyond_initial_capacity_and_keeps_content()
    {
        using var w = new BoxWriter(64);
        int box = w.BeginBox(FourCc.Mdat);
        byte[] payload = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        w.WriteBytes(payload);
        w.EndBox(box);
        Assert.That(w.LengthBytes, Is.EqualTo(100_008));
        Assert.That(w.WrittenSpan[8..].SequenceEqual(payload), Is.True);
        Assert.That(w.WrittenSpan[..4].ToArray(), Is.EqualTo(new byte[] { 0, 0x01, 0x86, 0xA8 }));
    }

    [Test]
    public void Reset_reuses_the_buffer_from_the_start()
    {
        using var w = new BoxWriter();
        w.WriteUInt32(1);
        w.Reset();
        w.WriteUInt8(9);
        Assert.That(w.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 9 }));
    }

    [Test]
    public void EndBox_without_a_header_throws()
    {
        using var w = new BoxWriter();
        w.WriteUInt16(0);
        Assert.That(() => w.EndBox(0), Throws.InvalidOperationException);
    }

    [Test]
    public void FourCc_round_trips_ascii_codes()
    {
        Assert.That(FourCc.Moof, Is.EqualTo(0x6D6F6F66u));
        Assert.That(FourCc.ToString(FourCc.Url), Is.EqualTo("url "));
    }
}
