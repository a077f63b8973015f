using System.Globalization;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>What the store writes and serves is judged by ffprobe: a recording file and a single opened segment are valid fMP4.</summary>
[Category("ffmpeg")]
public sealed class Fmp4ValidityTests
{
    private TestStore _t = null!;
    private static readonly long T0 = Fmp4Samples.Epoch;

    [SetUp]
    public async Task SetUp()
    {
        Ffprobe.RequireInstalled();
        _t = await TestStore.CreateAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_t is not null) await _t.DisposeAsync();
    }

    [Test]
    public async Task A_recording_file_with_three_appended_segments_probes_as_three_seconds_of_audio()
    {
        var (fileId, _) = await _t.RecordFileAsync("cam-1", T0, 3);

        var probe = Probe(_t.PathOf(fileId));

        Assert.That(probe["codec_name"], Is.EqualTo("pcm_mulaw"));
        Assert.That(probe["nb_read_packets"], Is.EqualTo("150"));
        Assert.That(double.Parse(probe["duration"], CultureInfo.InvariantCulture), Is.EqualTo(3.0).Within(0.03));
    }

    [Test]
    public async Task An_opened_segment_copied_to_a_file_probes_as_one_standalone_second()
    {
        var (_, stored) = await _t.RecordFileAsync("cam-1", T0, 3);
        var copy = Path.Combine(_t.Directory, "segment.mp4");
        await using (var source = _t.Store.OpenSegment(stored[1]))
        await using (var target = File.Create(copy))
            await source.CopyToAsync(target);

        var probe = Probe(copy);

        Assert.That(probe["nb_read_packets"], Is.EqualTo("50"));
        var startSeconds = double.Parse(probe["start_time"], CultureInfo.InvariantCulture);
        Assert.That(startSeconds, Is.EqualTo(1.0).Within(0.001), "stored decode times are served as they are");
        Assert.That(double.Parse(probe["duration"], CultureInfo.InvariantCulture) - startSeconds, Is.EqualTo(1.0).Within(0.03), "mov reports the end time as duration");
    }

    private static Dictionary<string, string> Probe(string path) => Ffprobe.Probe(path);
}
