using System.Text.Json;
using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// The console's pure modules (no DOM), run in the browser as the console runs them: imported
/// from the management server, given inputs, their answers compared. Times are UTC microseconds.
/// </summary>
public sealed class ModuleTests : ConsoleFixture
{
    [OneTimeSetUp]
    public async Task OpenConsoleAsync() => await Tab.GoToAsync();

    private async Task<JsonElement> RunAsync(string module, string body, object? argument = null)
    {
        var script = $"async (arg) => {{ const m = await import('./js/{module}'); {body} }}";
        return await Page.EvaluateAsync<JsonElement>(script, argument);
    }

    private static object Seg(long start, long end, string server, bool afterGap = false) =>
        new { startUtcMicros = start, endUtcMicros = end, recordingServerId = server, afterGap };

    [Test]
    public async Task Runs_join_a_servers_adjacent_segments_and_break_at_gaps_and_at_another_server()
    {
        var segments = new[]
        {
            Seg(0, 1_000_000, "rec-a", afterGap: true), Seg(1_000_000, 2_000_000, "rec-a"),
            Seg(5_000_000, 6_000_000, "rec-a"), // a 3 s hole
            Seg(5_800_000, 7_000_000, "rec-b"), // a move: rec-b starts before rec-a stops
            Seg(7_000_000, 8_000_000, "rec-b", afterGap: true), // a reconnect
        };
        var runs = await RunAsync("viewer/runs.js", "return m.buildRuns(arg);", segments);
        Assert.That(runs.EnumerateArray().Select(r => (r.GetProperty("serverId").GetString(), r.GetProperty("start").GetInt64(), r.GetProperty("end").GetInt64())),
            Is.EqualTo(new[] { ("rec-a", 0L, 2_000_000L), ("rec-a", 5_000_000L, 6_000_000L), ("rec-b", 5_800_000L, 7_000_000L), ("rec-b", 7_000_000L, 8_000_000L) }));
        var gaps = await RunAsync("viewer/runs.js", "return m.findGaps(m.buildRuns(arg), 0, 10000000);", segments);
        Assert.That(gaps.EnumerateArray().Select(g => (g.GetProperty("start").GetInt64(), g.GetProperty("end").GetInt64())),
            Is.EqualTo(new[] { (2_000_000L, 5_000_000L), (8_000_000L, 10_000_000L) }));
    }

    [Test]
    public async Task Playback_starts_at_the_earliest_segment_in_range_and_the_later_recording_is_the_one_shown()
    {
        var segments = new[] { Seg(0, 1_000_000, "rec-a"), Seg(1_000_000, 2_000_000, "rec-a"), Seg(1_600_000, 2_600_000, "rec-b") };
        var answer = await RunAsync("viewer/runs.js",
            "return { zero: m.playbackZero(arg, 1500000, 9000000), gap: m.playbackZero(arg, 3000000, 9000000), at: m.segmentAt(arg, 1700000).recordingServerId, none: m.segmentAt(arg, 2700000) };",
            segments);
        Assert.That(answer.GetProperty("zero").GetInt64(), Is.EqualTo(1_000_000));
        Assert.That(answer.GetProperty("gap").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(answer.GetProperty("at").GetString(), Is.EqualTo("rec-b"));
        Assert.That(answer.GetProperty("none").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_topology_puts_each_camera_under_its_current_server_and_the_unassigned_apart()
    {
        var answer = await RunAsync("topology/layout.js", """
            const layout = m.layoutTopology(arg.servers, arg.devices, 900);
            return layout.columns.map((c) => ({ key: c.key, devices: c.cells.map((cell) => cell.device.id), dropTarget: m.columnAt(layout, c.x + 1)?.key ?? null }));
            """, new
        {
            servers = new[] { new { id = "rec-b" }, new { id = "rec-a" } },
            devices = new[] { new { id = "cam-2", currentServerId = (string?)"rec-b" }, new { id = "cam-1", currentServerId = (string?)"rec-a" }, new { id = "cam-9", currentServerId = (string?)null } },
        });
        Assert.That(answer.EnumerateArray().Select(c => (c.GetProperty("key").GetString(), string.Join(",", c.GetProperty("devices").EnumerateArray().Select(d => d.GetString())), c.GetProperty("dropTarget").GetString())),
            Is.EqualTo(new[] { ("rec-a", "cam-1", "rec-a"), ("rec-b", "cam-2", "rec-b"), ("", "cam-9", (string?)null) }));
    }

    [Test]
    public async Task History_events_read_as_sentences()
    {
        var answer = await RunAsync("history/describe.js", "return arg.map((e) => m.describeEvent(e).text);", new object[]
        {
            new { kind = "moved", recordingServerId = "rec-b", fromRecordingServerId = "rec-a", detail = "system:failover" },
            new { kind = "moved", recordingServerId = "rec-a", fromRecordingServerId = "rec-b", detail = "anonymous" },
            new { kind = "offline", recordingServerId = "rec-a", detail = "connection refused" },
        });
        Assert.That(answer.EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[]
        {
            "Moved from rec-a to rec-b because rec-a stopped answering.",
            "Moved from rec-b to rec-a, requested by anonymous.",
            "rec-a could not record it: connection refused.",
        }));
    }

    [Test]
    public async Task Each_role_is_offered_what_the_server_allows_it()
    {
        var answer = await RunAsync("permissions.js", """
            const actions = ['view', 'export', 'ptz', 'move', 'configure', 'discover', 'storage'];
            return ['Viewer', 'Operator', 'Administrator', 'RecordingServer', undefined]
              .map((role) => actions.filter((action) => m.allows(role, action)).join(','));
            """);
        Assert.That(answer.EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[]
        {
            "view",
            "view,export,ptz",
            "view,export,ptz,move,configure,discover,storage",
            "", // a recording server's token is no console user
            "",
        }));
        var users = await RunAsync("permissions.js", """
            return [m.describeUser({ userName: 'ann', role: 'Operator', devices: null }), m.describeUser({ userName: 'bo', role: 'Viewer', devices: ['cam-1', 'cam-2'] })];
            """);
        Assert.That(users.EnumerateArray().Select(u => u.GetString()), Is.EqualTo(new[] { "ann · Operator", "bo · Viewer · 2 cameras" }));
    }

    [Test]
    public async Task A_cameras_storage_adds_up_its_data_types_and_names_the_servers_that_did_not_answer()
    {
        static object Tier(long bytes) => new { segmentCount = 1, sizeBytes = bytes };
        var answer = await RunAsync("topology/storage.js", "return arg.map((report) => m.describeStorage(report));", new object[]
        {
            new
            {
                devices = new[]
                {
                    new { deviceId = "cam-1", dataType = "video", live = Tier(40_000_000), archived = Tier(110_000_000), pending = Tier(2_000_000) },
                    new { deviceId = "cam-1", dataType = "audio", live = Tier(5_000_000), archived = Tier(0), pending = Tier(1_000_000) },
                },
                unreachable = Array.Empty<object>(),
            },
            new { devices = Array.Empty<object>(), unreachable = new[] { new { recordingServerId = "rec-b", address = "http://rec-b", reason = "no answer within 5 s" } } },
        });
        Assert.That(answer.EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[]
        {
            "live 45 MB, archived 110 MB, pending 3.0 MB",
            "live 0 B, archived 0 B, pending 0 B (not answering: rec-b)",
        }));
    }

    [Test]
    public async Task A_refused_sign_in_reads_as_the_servers_reason_or_the_wait()
    {
        var answer = await RunAsync("signin.js", """
            const { ApiError } = await import('./js/api.js');
            return [
              m.refusal(new ApiError(401, 'Sign-in refused', 'Unknown user name or wrong password.')),
              m.refusal(new ApiError(429, 'Too many failed sign-ins', 'Try again in 12 s.', null, 12)),
              m.refusal(new ApiError(0, 'The management server cannot be reached', 'Failed to fetch')),
            ];
            """);
        Assert.That(answer.EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[]
        {
            "Unknown user name or wrong password.",
            "Too many attempts, try again in 12 s.",
            "The management server cannot be reached: Failed to fetch",
        }));
    }

    [Test]
    public async Task The_live_view_names_the_codec_of_a_recorded_init_segment_and_the_browser_can_play_it()
    {
        var first = (await Api.SegmentsAsync("cam-2"))[0];
        var answer = await RunAsync("viewer/mp4.js", """
            const response = await fetch(`../api/devices/cam-2/segments/${arg}?part=init`);
            const type = m.mimeTypeOf(await response.arrayBuffer());
            return { type, supported: MediaSource.isTypeSupported(type) };
            """, first.StartUtcMicros);
        Assert.That(answer.GetProperty("type").GetString(), Does.Match(@"^video/mp4; codecs=""avc1\.[0-9a-f]{6}""$"));
        Assert.That(answer.GetProperty("supported").GetBoolean(), Is.True);
    }
}
