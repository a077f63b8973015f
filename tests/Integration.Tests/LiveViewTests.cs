using System.Buffers.Binary;
using System.Net;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// The live view relayed by the current recording server from its own RTSP session: several viewers
/// at once (directly and through the management server) each get a stream that ffprobe decodes from a
/// key frame; after a move the view follows the camera, and the server that no longer records it
/// names the one that does.
/// </summary>
[Category("Integration")]
public sealed class LiveViewTests : CameraClusterFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [SetUp]
    public void RequireFfprobe() => Ffprobe.RequireInstalled();

    [Test]
    public async Task Several_viewers_get_a_decodable_live_stream_and_a_server_not_recording_it_names_the_one_that_does()
    {
        var recA = (await Cluster.StartRecorderAsync("rec-a")).Client;
        var recB = (await Cluster.StartRecorderAsync("rec-b")).Client;
        await Cluster.Management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        await Eventually.Get(() => recA.RecordersAsync(), r => r.Any(x => x.State == "Recording"), Patience, "cam-1 recording");

        var viewers = new[] { recA.Http, recA.Http, Cluster.Management.Http }
            .Select((http, i) => WatchAsync(http, Path.Combine(Scratch, $"live-{i}.mp4"), TimeSpan.FromSeconds(4)))
            .ToList();
        var files = await Task.WhenAll(viewers);

        foreach (var file in files)
        {
            Assert.That(new FileInfo(file).Length, Is.GreaterThan(10_000), $"{file} has media");
            Assert.That(await Ffprobe.DecodeErrorsAsync(file), Is.Empty, $"{file} decodes");
            Assert.That(await Ffprobe.FirstVideoFrameIsKeyAsync(file), Is.True, $"{file} starts on a key frame");
            Assert.That(await Ffprobe.StreamDurationSecondsAsync(file), Is.GreaterThan(1.0), $"{file} holds more than one GOP");
        }

        // A server whose copy does not know the device cannot name anyone; one that used to record it can.
        Assert.That((await recB.Http.GetAsync("/api/devices/cam-1/live.mp4")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var move = await Cluster.Management.MoveDeviceAsync("cam-1", "rec-b")) Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var misdirected = await Eventually.Get(() => recA.Http.GetAsync("/api/devices/cam-1/live.mp4", HttpCompletionOption.ResponseHeadersRead),
            r => r.StatusCode == HttpStatusCode.MisdirectedRequest, Patience, "rec-a names rec-b");
        Assert.That(await misdirected.Content.ReadAsStringAsync(), Does.Contain("rec-b"));
        var moved = await WatchAsync(Cluster.Management.Http, Path.Combine(Scratch, "live-after-move.mp4"), TimeSpan.FromSeconds(3));
        Assert.That(await Ffprobe.DecodeErrorsAsync(moved), Is.Empty, "after the move, the live view comes from rec-b");
        using var unknown = await recA.Http.GetAsync("/api/devices/nobody/live.mp4");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>Reads the endless stream for a while and keeps only whole fragments (the last one may be cut).</summary>
    private static async Task<string> WatchAsync(HttpClient http, string path, TimeSpan duration)
    {
        using var response = await http.GetAsync("/api/devices/cam-1/live.mp4", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("video/mp4"));
        using var buffer = new MemoryStream();
        using var stop = new CancellationTokenSource(duration);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            await body.CopyToAsync(buffer, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        var bytes = buffer.ToArray();
        // A fragment is a moof and its mdat: a moof whose mdat was cut names samples past the end
        // ("partial file"), so the kept prefix ends after the last whole box that is not a moof.
        int offset = 0, whole = 0;
        while (offset + 8 <= bytes.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (size < 8 || offset + size > bytes.Length) break;
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            offset += size;
            if (type != "moof") whole = offset;
        }
        await File.WriteAllBytesAsync(path, bytes[..whole]);
        return path;
    }
}
