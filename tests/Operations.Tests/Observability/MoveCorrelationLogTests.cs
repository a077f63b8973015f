using System.Net.Http.Json;
using System.Text.Json;
using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests.Observability;

/// <summary>
/// The distributed mode over RabbitMQ and PostgreSQL with <c>Logging:Format=json</c>: a move of a
/// camera from rec-a to rec-b can be followed in the JSON logs of all three processes by its id,
/// which is the ConversationId (and CorrelationId) in the scope of the lines logged while each of
/// them handles a message of the move.
/// </summary>
[NonParallelizable]
public class MoveCorrelationLogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Other messages of the move's conversation (ConfigurationChanged, GetConfigurationCopy) have no CorrelationId of their own.</summary>
    private static readonly string[] MoveMessages = ["MoveDevice", "PrepareRecording", "RecordingPrepared", "CancelPreparedRecording", "MoveDeadlinePassed", "DeviceMoved", "MoveFailed"];

    [Test]
    public async Task A_moves_log_lines_on_management_and_both_recording_servers_carry_the_move_id()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await PostgresDatabase.CreateAsync();
        var scratch = RepoPaths.NewScratchDirectory("ops-corr");
        var processes = new List<ServiceProcess>();
        try
        {
            string[] common = ["--Bus:Transport=RabbitMq", $"--Bus:RabbitMqUrl={vhost.Url}", "--Logging:Format=json", "--Logging:LogLevel:VmsServices.Bus=Debug"];
            var (cameraPort, camera) = await StartCameraAsync(scratch);
            processes.Add(camera);
            var management = Start(processes, "management", "Management.Service", "VmsServices.Management", scratch,
            [
                .. common, "--Management:Database:Provider=Postgres", $"--Management:Database:ConnectionString={database.ConnectionString}",
                "--Management:Failover:Enabled=false", TestAuth.BootstrapArgument,
            ]);
            await ReadyAsync(management);
            var recA = StartRecorder(processes, "rec-a", scratch, common);
            var recB = StartRecorder(processes, "rec-b", scratch, common);
            await ReadyAsync(recA);
            await ReadyAsync(recB);

            using var http = new HttpClient { BaseAddress = new Uri(management.Url), Timeout = TimeSpan.FromSeconds(60) };
            http.Authorize(await TestAuth.SignInAsync(http));
            using var added = await http.PostAsJsonAsync("/api/devices", new { id = "cam-1", name = "Camera", streamUrl = $"rtsp://127.0.0.1:{cameraPort}/cam1", recordingServerId = "rec-a" });
            Assert.That(added.IsSuccessStatusCode, Is.True, await added.Content.ReadAsStringAsync());
            using var recAClient = new HttpClient { BaseAddress = new Uri(recA.Url) };
            await Eventually.Get(() => recAClient.GetStringAsync("/metrics"),
                t => PrometheusTextFormat.Value(t, "vms_recording_segments_stored_total", "data_type", "video") >= 1, Timeout, "rec-a recording cam-1");

            using var moved = await http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-b" });
            var body = await moved.Content.ReadAsStringAsync();
            Assert.That(moved.IsSuccessStatusCode, Is.True, body);
            var moveId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

            // rec-a's part comes last: the ConfigurationChanged that makes it stop recording.
            await Eventually.Get(() => Task.FromResult(LinesOfMove(recA.Process, moveId).Count), n => n > 0, Timeout, "rec-a's log line of the move");
            foreach (var node in new[] { management, recA, recB })
            {
                var lines = LinesOfMove(node.Process, moveId);
                Assert.That(lines, Is.Not.Empty, $"{node.Process.Name} logged nothing with ConversationId {moveId}:\n{node.Process.Output}");
                Assert.That(lines.Where(l => MoveMessages.Contains(l.MessageType)).All(l => l.CorrelationId == moveId), Is.True,
                    $"{node.Process.Name}: the move's own messages also carry the move id as CorrelationId");
            }
            Assert.That(LinesOfMove(management.Process, moveId).Select(l => l.MessageType), Does.Contain("MoveDevice").And.Contain("RecordingPrepared"));
            Assert.That(LinesOfMove(recB.Process, moveId).Select(l => l.MessageType), Does.Contain("PrepareRecording"));
            Assert.That(LinesOfMove(recA.Process, moveId).Select(l => l.MessageType), Does.Contain("ConfigurationChanged"));
            foreach (var p in processes.Skip(1))
                Assert.That(NotJson(p.Output), Is.Empty, $"{p.Name} writes one JSON object per log line");
        }
        finally
        {
            var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
            foreach (var p in processes)
            {
                await p.DisposeAsync();
                if (failed) TestContext.Out.WriteLine($"----- {p.Name} -----\n{p.Output}");
            }
            try { Directory.Delete(scratch, true); } catch (IOException) { }
        }
    }

    private sealed record Node(ServiceProcess Process, string Url);

    private sealed record MoveLine(string MessageType, string? CorrelationId);

    /// <summary>The JSON log lines whose scope names <paramref name="moveId"/> as the conversation.</summary>
    private static List<MoveLine> LinesOfMove(ServiceProcess process, string moveId) =>
        JsonLines(process.Output)
            .SelectMany(l => l.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array ? scopes.EnumerateArray() : [])
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("ConversationId", out var c) && c.GetString() == moveId)
            .Select(s => new MoveLine(s.GetProperty("MessageType").GetString()!, s.TryGetProperty("CorrelationId", out var id) ? id.GetString() : null))
            .ToList();

    private static IEnumerable<JsonElement> JsonLines(string output) =>
        output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement);

    /// <summary>Output lines that are not JSON objects (the process's own console lines are all log lines).</summary>
    private static List<string> NotJson(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('{')).ToList();

    private static Node Start(List<ServiceProcess> processes, string name, string folder, string assembly, string scratch, IEnumerable<string> args)
    {
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var process = ServiceProcess.Start(name, RepoPaths.ServiceDll(folder, assembly), scratch, ["--urls", url, .. args]);
        processes.Add(process);
        return new Node(process, url);
    }

    private static Node StartRecorder(List<ServiceProcess> processes, string id, string scratch, string[] common)
    {
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        var process = ServiceProcess.Start(id, RepoPaths.ServiceDll("Recording.Service", "VmsServices.Recording"), scratch,
        [
            "--urls", url, .. common, $"--Recording:ServerId={id}", $"--Recording:PublicAddress={url}",
            $"--Recording:DataDirectory={Path.Combine(scratch, id)}", "--Recording:SegmentTargetDuration=00:00:01",
        ]);
        processes.Add(process);
        return new Node(process, url);
    }

    private static async Task ReadyAsync(Node node)
    {
        using var http = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Get(async () =>
        {
            Assert.That(node.Process.HasExited, Is.False, node.Process.Output);
            return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, ok => ok, Timeout, $"{node.Process.Name} ready");
    }

    private static async Task<(int Port, ServiceProcess Process)> StartCameraAsync(string scratch)
    {
        var port = Ports.Free();
        var camera = ServiceProcess.Start("simulated-camera", RepoPaths.ServiceDll(Path.Combine("tools", "SimCamera"), "VmsServices.SimCamera"), scratch,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cameras", "1", "--quiet"]);
        await Eventually.Get(() => Task.FromResult(camera.HasExited || CanConnect(port)), up => up, Timeout, "the simulated camera");
        Assert.That(camera.HasExited, Is.False, camera.Output);
        return (port, camera);
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
