using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// Base of the tests that need a running management server over RabbitMQ + PostgreSQL and one
/// simulated camera (a separate process) at <see cref="CameraUrl"/>. Recording servers record
/// 2-s segments so the scenarios move quickly; each test starts the recorders it needs.
/// </summary>
public abstract class CameraClusterFixture
{
    protected ServiceCluster Cluster { get; private set; } = null!;
    protected string CameraUrl { get; private set; } = null!;
    protected string Scratch { get; private set; } = null!;
    private ServiceProcess? _camera;

    [SetUp]
    public async Task StartClusterAndCamera()
    {
        Cluster = await ServiceCluster.CreateAsync();
        Scratch = RepoPaths.NewScratchDirectory(GetType().Name.ToLowerInvariant()[..Math.Min(12, GetType().Name.Length)]);
        (_camera, var port) = await CameraPeers.StartSimulatedAsync(Scratch);
        CameraUrl = $"rtsp://127.0.0.1:{port}/cam1";
        Cluster.RecorderSettings.Add("--Recording:SegmentTargetDuration=00:00:02");
        await Cluster.StartManagementAsync();
    }

    [TearDown]
    public async Task StopClusterAndCamera()
    {
        if (_camera is not null) await _camera.DisposeAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(Scratch, true);
    }
}
