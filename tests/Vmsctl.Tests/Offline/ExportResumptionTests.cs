using Microsoft.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.Offline;

/// <summary>
/// Resumption against servers that misbehave in the ways a resumed download must survive: a
/// Range ignored, a different range answered, a file that changed, a stalled or broken transfer.
/// Every case ends with the file equal to what the server serves now, or with the .part kept.
/// </summary>
public sealed class ExportResumptionTests
{
    private const string PlaybackPath = "/api/devices/cam-1/playback.mp4";
    private readonly List<string?> _ranges = [];
    private string _dir = null!;
    private byte[] _body = null!;
    private Func<HttpContext, Task> _answer = null!;
    private StubServer _server = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = RepoPaths.NewScratchDirectory("resume");
        _ranges.Clear();
        _body = Bytes(300_000, seed: 1);
        _answer = WithRanges;
        _server = await StubServer.StartAsync(app => app.MapGet(PlaybackPath, (HttpContext http) =>
        {
            lock (_ranges) _ranges.Add(http.Request.Headers.Range.FirstOrDefault());
            return _answer(http);
        }));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private string Output => Path.Combine(_dir, "out.mp4");

    private Task<VmsctlResult> ExportAsync(params string[] more) =>
        VmsctlRunner.RunAsync(["--url", _server.Url, "export", "cam-1", "--from", "1000", "--to", "2000", "-o", Output, .. more]);

    private Task WithRanges(HttpContext http) =>
        Results.Bytes(_body, "video/mp4", enableRangeProcessing: true).ExecuteAsync(http);

    private Task IgnoringRanges(HttpContext http) => Results.Bytes(_body, "video/mp4").ExecuteAsync(http);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task InterruptAtAsync(long bytes) =>
        (await ExportAsync("--interrupt-at", bytes.ToString())).Exits(ExitCodes.Interrupted);

    [Test]
    public async Task A_server_that_honours_the_range_is_asked_only_for_the_rest()
    {
        await InterruptAtAsync(1000);
        var result = (await ExportAsync()).Exits(ExitCodes.Ok);

        Assert.That(_ranges, Is.EqualTo(new[] { null, "bytes=1000-" }));
        Assert.That(result.Stderr, Does.Contain("resuming at byte 1000 of 300000"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task On_a_terminal_progress_is_one_bar_redrawn_in_place()
    {
        var result = (await VmsctlRunner.RunAsync(["--url", _server.Url, "export", "cam-1", "--from", "1000", "--to", "2000", "-o", Output], _ => null, errorIsTerminal: true))
            .Exits(ExitCodes.Ok);
        Assert.That(result.Stderr, Does.StartWith("\rexport   0% [......"));
        Assert.That(result.Stderr, Does.Contain("\rexport 100% [##############################] 293.0 KiB of 293.0 KiB"));
        Assert.That(result.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "redrawn with \\r, one line in the end");
    }

    [Test]
    public async Task A_server_that_ignores_the_range_makes_the_export_start_over_cleanly()
    {
        _answer = IgnoringRanges;
        await InterruptAtAsync(1000);
        var result = (await ExportAsync()).Exits(ExitCodes.Ok);

        Assert.That(_ranges, Is.EqualTo(new[] { null, "bytes=1000-" }), "asked for the rest, got the whole file, used it");
        Assert.That(result.Stderr, Does.Contain("the server sent the whole file"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task A_different_range_in_the_answer_makes_the_export_start_over_with_a_whole_request()
    {
        await InterruptAtAsync(1000);
        _answer = http =>
        {
            if (http.Request.Headers.Range.Count == 0) return WithRanges(http);
            http.Response.StatusCode = StatusCodes.Status206PartialContent;
            http.Response.Headers.ContentRange = $"bytes 0-999/{_body.Length}";
            return http.Response.Body.WriteAsync(_body.AsMemory(0, 1000)).AsTask();
        };
        var result = (await ExportAsync()).Exits(ExitCodes.Ok);

        Assert.That(_ranges, Is.EqualTo(new[] { null, "bytes=1000-", null }));
        Assert.That(result.Stderr, Does.Contain($"the server answered 206 bytes 0-999/{_body.Length} instead of bytes 1000-: starting over"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task A_file_whose_length_changed_is_downloaded_again_whole()
    {
        await InterruptAtAsync(1000);
        _body = Bytes(300_010, seed: 2);
        var result = (await ExportAsync()).Exits(ExitCodes.Ok);

        Assert.That(result.Stderr, Does.Contain("starting over"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task The_etag_guards_the_resumption_with_if_range()
    {
        var etag = "\"v1\"";
        var ifRanges = new List<string?>();
        _answer = http =>
        {
            ifRanges.Add(http.Request.Headers.IfRange.FirstOrDefault());
            return Results.Bytes(_body, "video/mp4", entityTag: new EntityTagHeaderValue(etag), enableRangeProcessing: true).ExecuteAsync(http);
        };
        await InterruptAtAsync(1000);
        // Same length, other content, new ETag: only If-Range can tell, and the server then sends it whole.
        (_body, etag) = (Bytes(300_000, seed: 3), "\"v2\"");
        var result = (await ExportAsync()).Exits(ExitCodes.Ok);

        Assert.That(ifRanges, Is.EqualTo(new[] { null, "\"v1\"" }));
        Assert.That(result.Stderr, Does.Contain("the server sent the whole file"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task A_stalled_transfer_times_out_keeps_what_arrived_and_resumes_later()
    {
        _answer = async http =>
        {
            http.Response.ContentLength = _body.Length;
            await http.Response.Body.WriteAsync(_body.AsMemory(0, 10_000));
            await http.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        };
        var stalled = (await ExportAsync("--timeout", "1s")).Exits(ExitCodes.Timeout);
        Assert.That(stalled.Stderr, Does.Contain("vmsctl: Transfer stalled: no data for 1 s (--timeout); 10000 bytes kept in out.mp4.part"));
        Assert.That(new FileInfo(Output + ".part").Length, Is.EqualTo(10_000));

        _answer = WithRanges;
        var resumed = (await ExportAsync()).Exits(ExitCodes.Ok);
        Assert.That(resumed.Stderr, Does.Contain("resuming at byte 10000"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    [Test]
    public async Task A_broken_transfer_is_a_server_failure_keeps_what_arrived_and_resumes_later()
    {
        var received = new TaskCompletionSource();
        _answer = async http =>
        {
            http.Response.ContentLength = _body.Length;
            await http.Response.Body.WriteAsync(_body.AsMemory(0, 20_000));
            await http.Response.Body.FlushAsync();
            await received.Task; // the connection breaks once vmsctl has the bytes, not before
            http.Abort();
        };
        var export = ExportAsync();
        await WaitUntilAsync(() => File.Exists(Output + ".part") && new FileInfo(Output + ".part").Length == 20_000, "20000 bytes in the .part");
        received.SetResult();
        var broken = (await export).Exits(ExitCodes.Unavailable);
        Assert.That(broken.Stderr, Does.Contain("20000 bytes kept in out.mp4.part: run the same command again to resume."));
        Assert.That(File.Exists(Output), Is.False);

        _answer = WithRanges;
        (await ExportAsync()).Exits(ExitCodes.Ok);
        Assert.That(_ranges[^1], Is.EqualTo("bytes=20000-"));
        Assert.That(await File.ReadAllBytesAsync(Output), Is.EqualTo(_body));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
