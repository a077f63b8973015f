using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Moves;

/// <summary>
/// What the move state machine does at each step. Messages go through the saga's consume context,
/// so the in-memory outbox sends them only once the move's new state is committed.
/// </summary>
public sealed class MoveSteps(
    ConfigurationStore table,
    MoveStore moves,
    IMoveAuthorizer authorizer,
    MoveSettings settings,
    TimeProvider clock,
    ILogger<MoveSteps> log)
{
    public TimeSpan PrepareTimeout => settings.PrepareTimeout;

    /// <summary>Step 1: validate and authorize; on success send PrepareRecording (or finish at once when the target already is current).</summary>
    public async Task StartAsync(BehaviorContext<MoveState, MoveDevice> context)
    {
        var (m, move, ct) = (context.Message, context.Saga, context.CancellationToken);
        var now = clock.Now();
        move.DeviceId = m.DeviceId ?? "";
        move.ToRecordingServerId = m.ToRecordingServerId ?? "";
        move.RequestedBy = m.RequestedBy ?? "";
        move.CreatedUtcMicros = move.UpdatedUtcMicros = now;

        if (!Ids.IsValid(m.DeviceId) || !Ids.IsValid(m.ToRecordingServerId))
        {
            Fail(move, MoveFailures.Invalid, $"Device and recording server ids must be {Ids.Rule}.");
            return;
        }
        DeviceConfiguration device;
        try
        {
            device = await table.GetDeviceAsync(move.DeviceId, ct);
            await table.GetServerAsync(move.ToRecordingServerId, ct);
        }
        catch (NotFoundException e)
        {
            Fail(move, MoveFailures.NotFound, e.Message);
            return;
        }
        var current = device.Entries.Where(e => e.IsCurrent).Select(e => e.RecordingServerId).Distinct().Order(StringComparer.Ordinal).ToList();
        move.FromRecordingServerId = current.FirstOrDefault(id => id != m.ToRecordingServerId) ?? current.FirstOrDefault() ?? "";

        if (!await authorizer.IsAllowedAsync(new MoveAuthorizationRequest(move.RequestedBy, move.DeviceId, move.FromRecordingServerId, move.ToRecordingServerId), ct))
        {
            Fail(move, MoveFailures.NotAuthorized, "not authorized");
            return;
        }
        if (await moves.FindRunningAsync(move.DeviceId, ct) is { } running && running.CorrelationId != move.CorrelationId)
        {
            Fail(move, MoveFailures.Conflict, RunningMoveMessage(running));
            return;
        }
        var dataTypes = device.Entries.Select(e => e.DataType).Distinct().ToList();
        if (dataTypes.All(t => device.Entries.Any(e => e.DataType == t && e.IsCurrent && e.RecordingServerId == move.ToRecordingServerId)))
        {
            // Already there: nothing to prepare, nothing to change (idempotent).
            move.EndedUtcMicros = now;
            log.LogInformation("Move {MoveId}: device {DeviceId} already records on {To}; nothing to do", move.CorrelationId, move.DeviceId, move.ToRecordingServerId);
            return;
        }

        move.DeadlineUtcMicros = now + (long)settings.PrepareTimeout.TotalMicroseconds;
        var input = context.ReceiveContext.InputAddress;
        var target = await context.GetSendEndpoint(QueueNames.Address(QueueNames.Recording(move.ToRecordingServerId)));
        await target.Send(new PrepareRecording(move.CorrelationId, device, move.ToRecordingServerId), s => s.ResponseAddress = input, ct);
        log.LogInformation("Move {MoveId}: asked {To} to start recording device {DeviceId} (from {From})",
            move.CorrelationId, move.ToRecordingServerId, move.DeviceId, move.FromRecordingServerId);
    }

    /// <summary>Step 3: the target records; change the table (one transaction, claiming the move) and announce it.</summary>
    public async Task CommitAsync(BehaviorContext<MoveState, RecordingPrepared> context)
    {
        var (move, ct) = (context.Saga, context.CancellationToken);
        ConfigurationChanged? change;
        try
        {
            change = await table.MoveDeviceAsync(move.DeviceId, move.ToRecordingServerId, (c, tx, t) => MoveStore.ClaimAsync(c, tx, move, t), ct,
                move.RequestedBy, MoveRequesters.PlacementOf(move.RequestedBy));
        }
        catch (NotFoundException e)
        {
            Fail(move, MoveFailures.NotFound, $"The configuration table was not changed: {e.Message}");
            return;
        }
        var now = clock.Now();
        if (change is not null) move.Version++; // the claim committed with the table change
        move.ConfigurationVersion = change?.Version;
        move.EndedUtcMicros = move.UpdatedUtcMicros = now;
        if (change is not null) await context.Publish(change, ct);
        await context.Publish(new DeviceMoved(move.CorrelationId, move.DeviceId, move.FromRecordingServerId, move.ToRecordingServerId,
            change?.Version ?? await table.GetVersionAsync(ct), now), ct);
        log.LogInformation("Move {MoveId}: device {DeviceId} now records on {To} (configuration version {Version})",
            move.CorrelationId, move.DeviceId, move.ToRecordingServerId, change?.Version);
    }

    /// <summary>Step 4: the target is told to stop again, the table stays as it was, MoveFailed announces it.</summary>
    public async Task RollBackAsync(BehaviorContext<MoveState> context)
    {
        await SendCancelAsync(context);
        await PublishFailedAsync(context);
    }

    public async Task SendCancelAsync(BehaviorContext<MoveState> context)
    {
        var move = context.Saga;
        var target = await context.GetSendEndpoint(QueueNames.Address(QueueNames.Recording(move.ToRecordingServerId)));
        await target.Send(new CancelPreparedRecording(move.CorrelationId, move.DeviceId, move.ToRecordingServerId), context.CancellationToken);
    }

    public async Task PublishFailedAsync(BehaviorContext<MoveState> context)
    {
        var move = context.Saga;
        log.LogWarning("Move {MoveId} of device {DeviceId} to {To} failed: {Reason}", move.CorrelationId, move.DeviceId, move.ToRecordingServerId, move.Reason);
        await context.Publish(new MoveFailed(move.CorrelationId, move.DeviceId, move.FromRecordingServerId, move.ToRecordingServerId,
            move.Reason ?? "", move.EndedUtcMicros ?? clock.Now()), context.CancellationToken);
    }

    public bool IsPastDeadline(MoveState move) => move.DeadlineUtcMicros <= clock.Now();

    public void Fail(MoveState move, string failure, string reason)
    {
        move.Failure = failure;
        move.Reason = reason;
        move.EndedUtcMicros = move.UpdatedUtcMicros = clock.Now();
    }

    public static string RunningMoveMessage(MoveState running) =>
        $"Device '{running.DeviceId}' is being moved to '{running.ToRecordingServerId}' by move {running.CorrelationId}; wait for it to end (GET /api/moves/{running.CorrelationId}).";
}
