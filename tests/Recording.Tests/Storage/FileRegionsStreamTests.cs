using VmsServices.Recording.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

public sealed class FileRegionsStreamTests
{
    private string _dir = null!;
    private string _a = null!, _b = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = RepoPaths.NewScratchDirectory("regions");
        _a = Path.Combine(_dir, "a.bin");
        _b = Path.Combine(_dir, "b.bin");
        File.WriteAllBytes(_a, Fmp4Samples.Payload(1, 1000));
        File.WriteAllBytes(_b, Fmp4Samples.Payload(2, 500));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private FileRegion[] Regions() => [new(_a, 0, 100), new(_b, 10, 0), new(_b, 200, 300), new(_a, 900, 100)];

    private byte[] Expected() =>
    [
        .. File.ReadAllBytes(_a).AsSpan(0, 100), .. File.ReadAllBytes(_b).AsSpan(200, 300), .. File.ReadAllBytes(_a).AsSpan(900, 100),
    ];

    [Test]
    public void Regions_of_several_files_read_as_one_stream()
    {
        using var stream = new FileRegionsStream(Regions());
        using var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.That(stream.Length, Is.EqualTo(500));
        Assert.That(copy.ToArray(), Is.EqualTo(Expected()));
    }

    [Test]
    public void Reads_after_seeking_anywhere_return_the_bytes_at_that_position()
    {
        var expected = Expected();
        using var stream = new FileRegionsStream(Regions());
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var position = random.Next(0, 501);
            var buffer = new byte[random.Next(1, 300)];
            stream.Seek(position - stream.Length, SeekOrigin.End);

            var read = stream.Read(buffer);

            Assert.That(read, Is.EqualTo(Math.Min(buffer.Length, 500 - position)));
            Assert.That(buffer[..read], Is.EqualTo(expected[position..(position + read)]));
            Assert.That(stream.Position, Is.EqualTo(position + read));
        }
    }

    [Test]
    public void A_region_past_the_end_of_its_file_fails_the_read_instead_of_returning_short_data()
    {
        using var stream = new FileRegionsStream([new FileRegion(_b, 400, 200)]);

        Assert.That(() => stream.ReadExactly(new byte[200]), Throws.InstanceOf<EndOfStreamException>());
    }

    [Test]
    public void The_stream_is_read_only()
    {
        using var stream = new FileRegionsStream(Regions());

        Assert.That((stream.CanRead, stream.CanSeek, stream.CanWrite), Is.EqualTo((true, true, false)));
        Assert.That(() => stream.Write([1], 0, 1), Throws.InstanceOf<NotSupportedException>());
    }
}
