using System.CommandLine;
using System.Text.Json;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl move: moves a device to another recording server (POST /api/devices/{id}/move) and
/// reports how it ended; vmsctl moves: the move history (GET /api/moves).
/// </summary>
public sealed class MoveCommands : ICommandGroup
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromMinutes(5);

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        yield return Move(globals);
        yield return History(globals);
    }

    private static Command Move(GlobalOptions globals)
    {
        var device = IdArguments.Argument("device", "Device id");
        var to = IdArguments.Argument("toServer", "Id of the recording server to move it to");
        var noWait = new Option<bool>("--no-wait") { Description = "If the move is still running when the server answers (202), print its id and return at once" };
        var waitTimeout = Durations.Option("--wait-timeout", "How long to wait for a running move to end", DefaultWaitTimeout);
        var command = new Command("move", "Move a device to another recording server (make-before-break) and wait until it took effect or failed")
            { device, to, noWait, waitTimeout };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var deviceId = parse.GetValue(device)!;
            ApiResponse answer;
            try
            {
                answer = await ctx.Api.PostJsonAsync($"api/devices/{IdArguments.Path(deviceId)}/move", new { toRecordingServerId = parse.GetValue(to) }, ct);
            }
            catch (ApiProblemException e) when (e.Problem?.StringOrNull("failure") is { } failure)
            {
                // The move ran and ended badly: its kind of failure, not the HTTP status, says what happened.
                throw new CliException(MoveFailures.ExitCode(failure), e.Title, e.Detail, e.Problem);
            }
            var move = answer.Json.As<Move>();
            if (move.IsRunning && !parse.GetValue(noWait))
            {
                ctx.Note($"move {move.Id} accepted: waiting for it to end (Ctrl+C stops waiting, not the move)");
                move = await WaitAsync(ctx, move, parse.GetValue(waitTimeout) ?? DefaultWaitTimeout, ct);
            }
            return Report(ctx, move);
        });
        return command;
    }

    private static Command History(GlobalOptions globals)
    {
        var device = IdArguments.Option("--device", "Only the moves of this device");
        var limit = new Option<int?>("--limit") { Description = "At most this many moves, newest first (1-1000) [default: 100]" };
        var command = new Command("moves", "The move history, newest first") { device, limit };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var query = new List<string>();
            if (parse.GetValue(device) is { } d) query.Add($"deviceId={IdArguments.Path(d)}");
            if (parse.GetValue(limit) is { } n) query.Add($"limit={n}");
            var json = await ctx.Api.GetJsonAsync("api/moves" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
            return ctx.Print(json, () => ctx.WriteTable(Table(json.As<List<Move>>())));
        });
        return command;
    }

    private static TextTable Table(IEnumerable<Move> moves)
    {
        var table = new TextTable("ID", "DEVICE", "FROM", "TO", "STATE", "REQUESTED", "ENDED", "REASON");
        foreach (var m in moves)
            table.Add(m.Id.ToString(), m.DeviceId, m.FromRecordingServerId, m.ToRecordingServerId, m.State,
                UtcTimes.FormatSeconds(m.RequestedUtcMicros), m.EndedUtcMicros is { } e ? UtcTimes.FormatSeconds(e) : "", m.Reason);
        return table;
    }

    private static async Task<Move> WaitAsync(CommandContext ctx, Move move, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = ctx.Clock.GetUtcNow() + timeout;
        while (move.IsRunning)
        {
            if (ctx.Clock.GetUtcNow() >= deadline)
                throw new CliException(ExitCodes.Timeout, "Move still running",
                    $"move {move.Id} of {move.DeviceId} has not ended after {Durations.Describe(timeout)} (--wait-timeout); vmsctl moves --device {move.DeviceId} shows it.");
            await Task.Delay(PollInterval, ctx.Clock, ct);
            move = (await ctx.Api.GetJsonAsync($"api/moves/{move.Id}", ct)).As<Move>();
        }
        return move;
    }

    private static int Report(CommandContext ctx, Move move)
    {
        if (move.Failed)
        {
            var problem = JsonSerializer.SerializeToElement(new
            {
                title = "Move failed",
                detail = move.Reason,
                moveId = move.Id,
                state = move.State,
                failure = move.Failure,
            }, ApiJson.Options);
            throw new CliException(MoveFailures.ExitCode(move.Failure), "Move failed", $"{move.Reason} (move {move.Id}, {move.Failure})", problem);
        }
        if (ctx.Json) ctx.WriteJson(move);
        else if (move.IsRunning)
            ctx.Out.WriteLine($"move {move.Id} running: {move.DeviceId} to {move.ToRecordingServerId} (vmsctl moves --device {move.DeviceId} shows how it ends)");
        else if (move.FromRecordingServerId == move.ToRecordingServerId)
            ctx.Out.WriteLine($"{move.DeviceId} already records on {move.ToRecordingServerId}: nothing to move (move {move.Id})");
        else
            ctx.Out.WriteLine($"moved {move.DeviceId} from {move.FromRecordingServerId} to {move.ToRecordingServerId} (move {move.Id}, configuration version {move.ConfigurationVersion})");
        return ExitCodes.Ok;
    }
}
