using System.Buffers.Binary;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Tests.Storage;

namespace VmsServices.Recording.Tests.ArchiveServer;

public sealed class StandaloneMp4Tests
{
    [Test]
    public void A_standalone_segment_splits_into_its_init_segment_and_its_fragment()
    {
        var init = Fmp4Samples.Init();
        var fragment = Fmp4Samples.Fragment(Fmp4Samples.Epoch);

        Assert.That(StandaloneMp4.TrySplit((byte[])[.. init, .. fragment], out var i, out var f), Is.True);
        Assert.That(i.ToArray(), Is.EqualTo(init));
        Assert.That(f.ToArray(), Is.EqualTo(fragment));
    }

    [Test]
    public void A_64_bit_box_size_is_followed()
    {
        byte[] large = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(large, 1);
        "free"u8.CopyTo(large.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(large.AsSpan(8), 24);
        var init = Fmp4Samples.Init();
        var fragment = Fmp4Samples.Fragment(Fmp4Samples.Epoch);

        Assert.That(StandaloneMp4.TrySplit((byte[])[.. init, .. large, .. fragment], out var i, out var f), Is.True);
        Assert.That(i.Length, Is.EqualTo(init.Length + large.Length));
        Assert.That(f.ToArray(), Is.EqualTo(fragment));
    }

    [TestCase("no ftyp first")]
    [TestCase("no fragment")]
    [TestCase("box past the end")]
    [TestCase("empty")]
    public void Anything_else_is_refused(string what)
    {
        var init = Fmp4Samples.Init();
        var fragment = Fmp4Samples.Fragment(Fmp4Samples.Epoch);
        byte[] bytes = what switch
        {
            "no ftyp first" => fragment,
            "no fragment" => init,
            "box past the end" => [.. init, .. fragment.AsSpan(0, 12)],
            _ => [],
        };
        if (what == "box past the end") BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(init.Length), 1000);

        Assert.That(StandaloneMp4.TrySplit(bytes, out _, out _), Is.False);
    }
}
