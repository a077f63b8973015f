using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace VmsServices.SimCamera.Tests;

/// <summary>
/// Rough CPU cost of the tool under load: starts VmsServices.SimCamera as a separate process with 256 mounts,
/// plays each with one raw client that drains the stream, and reports the server's CPU time over 20 s.
/// Explicit: run with <c>dotnet test --filter "FullyQualifiedName~LoadMeasurement"</c>.
/// </summary>
[Explicit("load measurement, ~40 s, prints the CPU cost")]
public class LoadMeasurement
{
    [Test]
    public async Task Server_cpu_for_256_mounts_with_one_client_each()
    {
        var mounts = int.TryParse(Environment.GetEnvironmentVariable("SIMCAM_LOAD_MOUNTS"), out var m) ? m : 256;
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("SIMCAM_LOAD_SECONDS"), out var s) ? s : 20;
        var port = FreePort();
        var dll = typeof(SimulatedCameraServer).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" --port {port} --cameras {mounts} --quiet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var server = Process.Start(psi)!;
        var clients = new List<TcpClient>();
        long received = 0;
        using var stop = new CancellationTokenSource();
        var drains = new List<Task>();
        try
        {
            await server.StandardOutput.ReadLineAsync(); // "listening" line
            for (var i = 1; i <= mounts; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                clients.Add(tcp);
                var stream = tcp.GetStream();
                var url = $"rtsp://127.0.0.1:{port}/cam{i}";
                var request = $"SETUP {url}/track1 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n" +
                              $"PLAY {url} RTSP/1.0\r\nCSeq: 2\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
                drains.Add(Task.Run(async () =>
                {
                    var buffer = new byte[64 * 1024];
                    try
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            var n = await stream.ReadAsync(buffer, stop.Token);
                            if (n == 0) break;
                            Interlocked.Add(ref received, n);
                        }
                    }
                    catch (Exception) { }
                }));
            }
            await Task.Delay(TimeSpan.FromSeconds(3)); // all clients reach their first IDR
            server.Refresh();
            var cpu0 = server.TotalProcessorTime;
            var bytes0 = Interlocked.Read(ref received);
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            server.Refresh();
            var cpu = server.TotalProcessorTime - cpu0;
            var bytes = Interlocked.Read(ref received) - bytes0;
            var elapsed = wall.Elapsed.TotalSeconds;
            var rss = server.WorkingSet64 / (1024 * 1024);
            TestContext.Out.WriteLine(
                $"{mounts} mounts x 1 client: server CPU {cpu.TotalSeconds:0.00} s over {elapsed:0.0} s = {100 * cpu.TotalSeconds / elapsed:0.0}% of one core; " +
                $"delivered {bytes * 8 / elapsed / 1e6:0.0} Mbit/s ({bytes * 8 / elapsed / 1e6 / mounts:0.00} per stream); RSS {rss} MB");
            Assert.That(server.HasExited, Is.False);
            Assert.That(bytes * 8 / elapsed / mounts, Is.GreaterThan(1.5e6), "each stream gets its ~2 Mbit/s");
        }
        finally
        {
            stop.Cancel();
            foreach (var c in clients) c.Dispose();
            if (!server.HasExited)
            {
                try { server.Kill(); } catch (InvalidOperationException) { }
            }
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
