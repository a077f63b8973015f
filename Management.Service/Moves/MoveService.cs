using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Moves;

/// <summary>
/// The management client's side of a move (seed 000 FIG. 8, step 803 and the acknowledgement
/// [0099]): checks what can be answered at once, sends MoveDevice to the saga and waits for the
/// move's row to reach an end. The saga re-checks everything; these checks only give clear,
/// immediate answers.
/// </summary>
public sealed class MoveService(ConfigurationStore table, MoveStore moves, RequestedMoves requested, IBus bus, TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Starts a move, or returns the running move when the same move (device and target) is already
    /// under way. A different move of a device mid-move is a conflict naming the running one.
    /// </summary>
    public async Task<MoveState> RequestAsync(string deviceId, string toServerId, string requestedBy, CancellationToken ct)
    {
        await table.GetDeviceAsync(deviceId, ct);
        await table.GetServerAsync(toServerId, ct);
        if ((await requested.UnstoredOfAsync(deviceId, ct) ?? await moves.FindRunningAsync(deviceId, ct)) is { } running)
            return running.ToRecordingServerId == toServerId ? running : throw new ConflictException(MoveSteps.RunningMoveMessage(running));
        var move = new MoveState
        {
            CorrelationId = NewId.NextGuid(),
            DeviceId = deviceId,
            ToRecordingServerId = toServerId,
            RequestedBy = requestedBy,
            CreatedUtcMicros = clock.Now(),
        };
        var management = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.Management));
        // The move's conversation bears its id: every message of the move carries it on to each server's logs.
        requested.Sent(move);
        try
        {
            await management.Send(new MoveDevice(move.CorrelationId, deviceId, toServerId, requestedBy), s => s.ConversationId = move.CorrelationId, ct);
        }
        catch
        {
            requested.Forget(move.CorrelationId);
            throw;
        }
        return move;
    }

    public Task<MoveState?> RunningAsync(string deviceId, CancellationToken ct) => moves.FindRunningAsync(deviceId, ct);

    /// <summary>
    /// Waits until the move ended or <paramref name="timeout"/> passed; returns its newest stored
    /// state (null while the saga has not stored it yet).
    /// </summary>
    public async Task<MoveState?> WaitAsync(Guid moveId, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        MoveState? last = null;
        try
        {
            while (true)
            {
                last = await moves.LoadAsync(moveId, ct);
                if (last is not null && !MoveStates.IsRunning(last.CurrentState)) return last;
                await Task.Delay(PollInterval, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return last;
        }
    }
}
