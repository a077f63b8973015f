using System.Text.RegularExpressions;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// Moves against the running system. The demo answers every real move with 202 at once, so these
/// runs show vmsctl waiting for the move (GET /api/moves/{id}) and reporting how it ended.
/// </summary>
public sealed class MoveCommandTests
{
    [Test]
    public async Task A_move_is_waited_for_until_the_device_records_on_the_target()
    {
        var id = TestIds.New("mover");
        (await DemoSystem.RunAsync("devices", "add", id, "--stream-url", DemoSystem.CameraStream, "--server", "rec-a")).Exits(ExitCodes.Ok);
        try
        {
            var moved = (await DemoSystem.RunAsync("move", id, "rec-b")).Exits(ExitCodes.Ok);
            Assert.That(moved.Stderr, Does.Match(@"move [0-9a-f-]{36} accepted: waiting for it to end"));
            Assert.That(moved.Stdout, Does.Match($@"^moved {id} from rec-a to rec-b \(move [0-9a-f-]{{36}}, configuration version \d+\)"));

            var table = (await DemoSystem.RunAsync("table", "--server", "rec-b")).Exits(ExitCodes.Ok);
            Assert.That(table.StdoutLines, Has.Some.Match($@"^{id}\s+video\s+rec-b\s+yes$"));

            var history = (await DemoSystem.RunAsync("moves", "--device", id, "--limit", "1", "--json")).Exits(ExitCodes.Ok).Json;
            Assert.That(history.GetArrayLength(), Is.EqualTo(1));
            Assert.That(history[0].GetProperty("state").GetString(), Is.EqualTo("Completed"));

            var again = (await DemoSystem.RunAsync("move", id, "rec-b")).Exits(ExitCodes.Ok);
            Assert.That(again.Stdout, Does.StartWith($"{id} already records on rec-b: nothing to move"));
        }
        finally
        {
            await DemoSystem.RunAsync("devices", "remove", id);
        }
    }

    [Test]
    public async Task A_move_the_target_cannot_record_fails_with_the_reason_and_leaves_the_table_as_it_was()
    {
        var id = TestIds.New("dead");
        (await DemoSystem.RunAsync("devices", "add", id, "--stream-url", TestIds.DeadStream(), "--server", "rec-a")).Exits(ExitCodes.Ok);
        try
        {
            var failed = (await DemoSystem.RunAsync("move", id, "rec-b", "--json")).Exits(ExitCodes.Failure);
            Assert.That(failed.Stdout, Is.Empty);
            Assert.That(failed.Problem.GetProperty("title").GetString(), Is.EqualTo("Move failed"));
            Assert.That(failed.Problem.GetProperty("failure").GetString(), Is.EqualTo("prepare-failed"));
            Assert.That(failed.Problem.GetProperty("detail").GetString(), Is.Not.Empty);

            var shown = (await DemoSystem.RunAsync("devices", "show", id)).Exits(ExitCodes.Ok);
            Assert.That(shown.StdoutLines, Has.Some.Match($@"^{id}\s+video\s+rec-a\s+yes$"), "rolled back: still current on rec-a");
            Assert.That(shown.StdoutLines, Has.None.Match($@"^{id}\s+video\s+rec-b"));

            var text = await DemoSystem.RunAsync("move", id, "rec-b");
            text.Exits(ExitCodes.Failure);
            Assert.That(text.Stderr, Does.Match(@"vmsctl: Move failed: .+ \(move [0-9a-f-]{36}, prepare-failed\)"));
        }
        finally
        {
            await DemoSystem.RunAsync("devices", "remove", id);
        }
    }

    /// <summary>
    /// A move to a registered server that is not running stays in Preparing until its deadline
    /// (30 s), which makes "still running" deterministic: --no-wait, a conflicting move, --wait-timeout.
    /// </summary>
    [Test]
    public async Task A_running_move_can_be_left_running_conflicts_with_another_and_outlasts_the_wait_timeout()
    {
        var ghost = TestIds.New("ghost");
        var id = TestIds.New("parked");
        (await DemoSystem.RunAsync("servers", "add", ghost, "--address", TestIds.ClosedUrl())).Exits(ExitCodes.Ok);
        (await DemoSystem.RunAsync("devices", "add", id, "--stream-url", DemoSystem.CameraStream, "--server", "rec-a")).Exits(ExitCodes.Ok);
        try
        {
            var started = (await DemoSystem.RunAsync("move", id, ghost, "--no-wait")).Exits(ExitCodes.Ok);
            var moveId = Regex.Match(started.Stdout, @"^move ([0-9a-f-]{36}) running").Groups[1].Value;
            Assert.That(moveId, Is.Not.Empty, started.ToString());

            // 202 answers before the move saga has stored the move: it shows up in the history a moment later.
            var row = new Regex($@"^{moveId}\s+{id}\s+rec-a\s+{ghost}\s+(Initial|Preparing)\s");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            var history = (await DemoSystem.RunAsync("moves", "--device", id)).Exits(ExitCodes.Ok);
            while (!history.StdoutLines.Any(row.IsMatch) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                history = (await DemoSystem.RunAsync("moves", "--device", id)).Exits(ExitCodes.Ok);
            }
            Assert.That(history.StdoutLines, Has.Some.Match(row.ToString()));

            (await DemoSystem.RunAsync("move", id, "rec-b")).FailsWithOneLine(ExitCodes.Conflict, $"is being moved to '{ghost}' by move {moveId}");

            var waited = (await DemoSystem.RunAsync("move", id, ghost, "--wait-timeout", "1s")).Exits(ExitCodes.Timeout);
            Assert.That(waited.Stderr, Does.Contain($"vmsctl: Move still running: move {moveId} of {id} has not ended after 1s"));
        }
        finally
        {
            await DemoSystem.RunAsync("devices", "remove", id);
            await DemoSystem.RunAsync("servers", "remove", ghost);
        }
    }

    [Test]
    public async Task A_move_to_an_unknown_server_is_not_found()
    {
        (await DemoSystem.RunAsync("move", "cam-1", "no-such-server")).FailsWithOneLine(ExitCodes.NotFound, "Recording server 'no-such-server' is not registered");
    }

    [Test]
    public async Task Moving_an_unknown_device_is_not_found()
    {
        (await DemoSystem.RunAsync("move", "no-such-device", "rec-b")).FailsWithOneLine(ExitCodes.NotFound, "Device 'no-such-device' is not registered");
    }
}
