using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Camera credentials stored through the management server's API (not configuration) reach the recording
/// server over the bus, open a digest-protected camera, and are nowhere in clear text afterwards: not in
/// the management database, not in the recording server's files, not in any service's log output.
/// </summary>
[Category("Integration")]
public sealed class CameraCredentialsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServiceCluster _cluster = null!;
    private ServiceProcess? _camera;
    private string _scratch = null!;

    [SetUp]
    public async Task SetUp()
    {
        _cluster = await ServiceCluster.CreateAsync();
        _scratch = RepoPaths.NewScratchDirectory("credentials");
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_camera is not null) await _camera.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_scratch, true);
    }

    [Test]
    public async Task Credentials_put_through_the_api_record_a_protected_camera_and_are_never_in_clear_text()
    {
        var password = "Cam-" + Guid.NewGuid().ToString("N")[..16];
        (_camera, var cameraPort) = await CameraPeers.StartSimulatedAsync(_scratch, 1, "--user", "operator", "--password", password);
        // Debug logging everywhere: what is checked below is the most the services ever write.
        _cluster.ManagementSettings.Add("--Logging:LogLevel:Default=Debug");
        _cluster.RecorderSettings.Add("--Logging:LogLevel:Default=Debug");
        await _cluster.StartManagementAsync();
        var management = _cluster.Management;
        await management.PutCredentialsAsync("lobby-cam", "operator", password);
        await management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await management.AddDeviceAsync("digest", "rec-a", $"rtsp://127.0.0.1:{cameraPort}/cam1", credentialsRef: "lobby-cam");

        var (recorder, recA) = await _cluster.StartRecorderAsync("rec-a");

        await Eventually.Get(() => recA.SegmentsAsync("digest"), s => s.Count >= 2, Patience, "the digest-protected camera to be recorded");
        var answers = new[]
        {
            await management.Http.GetStringAsync("/api/credentials"),
            await management.Http.GetStringAsync("/api/credentials/lobby-cam"),
            await management.Http.GetStringAsync("/api/devices/digest"),
            await recA.Http.GetStringAsync("/api/recorders"),
            await recA.Http.GetStringAsync("/api/configuration-copy"),
        };
        Assert.That(answers, Has.None.Contains(password), "no API answer holds the password");

        var rows = await ClearTextSearch.PostgresRowsAsync(_cluster.DatabaseConnectionString);
        Assert.That(rows, Has.Some.Contains("lobby-cam").And.Some.Contains("operator"), "the search does see the stored account");
        Assert.That(rows.Where(r => r.Contains(password)), Is.Empty, "the management database holds no clear password");
        Assert.That(ClearTextSearch.FilesContaining(_cluster.DataDirectory("rec-a"), password), Is.Empty,
            "recorder.db, catalog.db (with their WAL) and the media hold no clear password");
        Assert.That(recorder.Output, Does.Contain("digest"), "the recorder's output is captured");
        Assert.That(recorder.Output, Does.Not.Contain(password), "the recording server never logs the password");
        Assert.That(_cluster.ManagementProcess!.Output, Does.Not.Contain(password), "the management server never logs the password");
    }
}
