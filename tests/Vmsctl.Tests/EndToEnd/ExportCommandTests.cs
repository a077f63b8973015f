using System.Globalization;
using System.Text.Json;
using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// vmsctl export against the running system. The oracle is the same range fetched straight from
/// the API's playback.mp4; ffprobe judges the file.
/// </summary>
public sealed class ExportCommandTests
{
    private string _dir = null!;
    private string _from = null!;
    private string _to = null!;
    private byte[] _expected = null!;

    [OneTimeSetUp]
    public async Task PickARecordedRange()
    {
        var segments = (await DemoSystem.RunAsync("segments", "cam-1", "--json")).Exits(ExitCodes.Ok).Json;
        _from = segments[0].GetProperty("startUtcMicros").GetInt64().ToString(CultureInfo.InvariantCulture);
        _to = segments[3].GetProperty("endUtcMicros").GetInt64().ToString(CultureInfo.InvariantCulture);
        using var http = new HttpClient().Authorize(DemoSystem.Token);
        _expected = await http.GetByteArrayAsync($"{DemoSystem.Url}/api/devices/cam-1/playback.mp4?fromUtcMicros={_from}&toUtcMicros={_to}");
        Assert.That(_expected, Has.Length.GreaterThan(200_000), "four 1-s segments of 2 Mbit/s");
    }

    [SetUp]
    public void SetUp() => _dir = RepoPaths.NewScratchDirectory("export");

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private string File(string name) => Path.Combine(_dir, name);

    private Task<VmsctlResult> ExportAsync(string output, params string[] more) =>
        DemoSystem.RunAsync(["export", "cam-1", "--from", _from, "--to", _to, "-o", output, .. more]);

    [Test]
    public async Task An_export_is_the_range_as_one_mp4_that_ffprobe_reads()
    {
        var output = File("cam-1.mp4");
        var result = (await ExportAsync(output, "--json")).Exits(ExitCodes.Ok);

        Assert.That(await System.IO.File.ReadAllBytesAsync(output), Is.EqualTo(_expected));
        Assert.That(await Ffprobe.VideoCodecAsync(output), Is.EqualTo("h264"));
        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { output }), "no .part or sidecar is left behind");
        Assert.That(result.Json.GetProperty("bytes").GetInt64(), Is.EqualTo(_expected.Length));
        Assert.That(result.Json.GetProperty("resumedAtBytes").GetInt64(), Is.Zero);
        Assert.That(result.Stderr, Is.Empty, "with --json, stderr is only for a problem document");

        var plain = (await ExportAsync(File("plain.mp4"))).Exits(ExitCodes.Ok);
        Assert.That(plain.Stderr, Does.Contain("export: 100%"), "progress as plain lines when stderr is not a terminal");
    }

    [Test]
    public async Task An_interrupted_export_resumes_with_a_range_request_and_ends_equal_to_a_full_download()
    {
        var output = File("resumed.mp4");
        var first = (await ExportAsync(output, "--interrupt-at", "100000")).Exits(ExitCodes.Interrupted);
        Assert.That(first.Stderr, Does.Contain("100000 bytes kept in resumed.mp4.part: run the same command again to resume."));
        Assert.That(new FileInfo(output + ".part").Length, Is.EqualTo(100_000));
        Assert.That(System.IO.File.Exists(output), Is.False);
        using (var sidecar = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(output + ".part.json")))
        {
            Assert.That(sidecar.RootElement.GetProperty("totalBytes").GetInt64(), Is.EqualTo(_expected.Length));
            Assert.That(sidecar.RootElement.GetProperty("fromUtcMicros").GetInt64().ToString(CultureInfo.InvariantCulture), Is.EqualTo(_from));
        }

        var second = (await ExportAsync(output)).Exits(ExitCodes.Ok);
        Assert.That(second.Stderr, Does.Contain($"resuming at byte 100000 of {_expected.Length}"), "the server honoured the range (206)");
        Assert.That(second.Stdout, Does.Contain("resumed at byte 100000"));
        Assert.That(await System.IO.File.ReadAllBytesAsync(output), Is.EqualTo(_expected));
        Assert.That(await Ffprobe.VideoCodecAsync(output), Is.EqualTo("h264"));
        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task A_part_file_of_another_range_is_discarded_and_the_export_starts_over()
    {
        var output = File("other.mp4");
        (await DemoSystem.RunAsync("export", "cam-1", "--from", _from, "--to", (long.Parse(_to) - 1_000_000).ToString(), "-o", output, "--interrupt-at", "50000"))
            .Exits(ExitCodes.Interrupted);

        var result = (await ExportAsync(output)).Exits(ExitCodes.Ok);
        Assert.That(result.Stderr, Does.Contain("other.mp4.part belongs to another export"));
        Assert.That(await System.IO.File.ReadAllBytesAsync(output), Is.EqualTo(_expected));
    }

    [Test]
    public async Task A_part_file_without_its_description_is_not_trusted()
    {
        var output = File("orphan.mp4");
        await System.IO.File.WriteAllBytesAsync(output + ".part", new byte[5000]);

        var result = (await ExportAsync(output)).Exits(ExitCodes.Ok);
        Assert.That(result.Stderr, Does.Contain("orphan.mp4.part cannot be resumed"));
        Assert.That(await System.IO.File.ReadAllBytesAsync(output), Is.EqualTo(_expected));
    }

    [Test]
    public async Task An_existing_output_is_a_conflict_unless_forced()
    {
        var output = File("exists.mp4");
        await System.IO.File.WriteAllTextAsync(output, "keep me");

        (await ExportAsync(output)).FailsWithOneLine(ExitCodes.Conflict, "already exists; --force overwrites it");
        Assert.That(await System.IO.File.ReadAllTextAsync(output), Is.EqualTo("keep me"));

        (await ExportAsync(output, "--force")).Exits(ExitCodes.Ok);
        Assert.That(await System.IO.File.ReadAllBytesAsync(output), Is.EqualTo(_expected));
    }

    [Test]
    public async Task A_range_with_nothing_recorded_is_not_found()
    {
        (await DemoSystem.RunAsync("export", "cam-1", "--from", "2000-01-01T00:00:00Z", "--to", "2000-01-01T00:01:00Z", "-o", File("empty.mp4")))
            .FailsWithOneLine(ExitCodes.NotFound, "Nothing of 'cam-1' (video) is recorded");
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public async Task Exporting_an_unknown_device_is_not_found()
    {
        (await DemoSystem.RunAsync("export", "no-such-device", "--from", "-1m", "--to", "now", "-o", File("x.mp4")))
            .FailsWithOneLine(ExitCodes.NotFound, "Device 'no-such-device' is not registered");
    }

    [Test]
    public async Task Export_without_a_range_is_a_usage_error()
    {
        (await DemoSystem.RunAsync("export", "cam-1", "-o", File("x.mp4"))).FailsWithOneLine(ExitCodes.Usage, "--from");
    }
}
