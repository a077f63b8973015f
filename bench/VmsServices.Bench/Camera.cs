using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace VmsServices.Bench;

/// <summary>The simulated camera (tools/SimCamera) as its own process, serving /cam1 .. /camN.</summary>
internal sealed partial class Camera : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private Camera(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;
    public string Tail => _process.Tail;

    private const string MaxLagSeconds = "10";

    public string Url(int k) => $"rtsp://127.0.0.1:{Port}/cam{k}";

    public static async Task<Camera> StartAsync(Paths paths, int cameras, bool verbose, CancellationToken ct)
    {
        var port = FreePort();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start("camera", "dotnet",
            // --max-lag 10: the camera keeps 10 s of media (default 2) for a client the 2 cores starve for a
            // moment, so what a measured side loses is its own doing, not the camera dropping it.
            [paths.SimCameraDll, "--port", port.ToString(), "--cameras", cameras.ToString(), "--quiet", "--max-lag", MaxLagSeconds],
            paths.Repo, BenchHost.ChildEnvironment, line =>
            {
                if (verbose) Console.WriteLine($"  [camera] {line}");
                if (Listening().IsMatch(line)) ready.TrySetResult();
            });
        var camera = new Camera(process, port);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(ready.Task, exited);
            if (first != ready.Task || process.HasExited)
                throw new InvalidOperationException($"The simulated camera did not start (exit code {process.ExitCode}):\n{process.Tail}");
            return camera;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await camera.DisposeAsync();
            throw new InvalidOperationException($"The simulated camera did not report listening within 30 s:\n{process.Tail}");
        }
        catch
        {
            await camera.DisposeAsync();
            throw;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"SimCamera listening on rtsp://")]
    private static partial Regex Listening();
}
