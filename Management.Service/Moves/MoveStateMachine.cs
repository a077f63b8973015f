using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Management.Moves;

/// <summary>
/// The move of a device to another recording server (seed 000 FIG. 8/9), make-before-break:
/// <list type="number">
/// <item>MoveDevice: validate, authorize, refuse a second move of a device mid-move; a move to the
/// current server completes at once. Otherwise send PrepareRecording to the target → Preparing.</item>
/// <item>RecordingPrepared (published or responded) with Succeeded: change the configuration table
/// in one transaction, publish ConfigurationChanged and DeviceMoved → Completed.</item>
/// <item>RecordingPrepared with an error, or MoveDeadlinePassed: CancelPreparedRecording to the
/// target, table untouched, publish MoveFailed → Failed.</item>
/// </list>
/// Instances are never deleted: the moves table is also the history.
/// </summary>
public sealed class MoveStateMachine : MassTransitStateMachine<MoveState>
{
    public MoveStateMachine(MoveSteps steps)
    {
        InstanceState(x => x.CurrentState);

        Event(() => MoveRequested, e => e.CorrelateById(c => c.Message.MoveId));
        Event(() => Prepared, e =>
        {
            e.CorrelateById(c => c.Message.MoveId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => DeadlinePassed, e =>
        {
            e.CorrelateById(c => c.Message.MoveId);
            e.OnMissingInstance(m => m.Discard());
        });
        OnUnhandledEvent(c => c.Ignore());

        Initially(
            When(MoveRequested)
                .ThenAsync(steps.StartAsync)
                .IfElse(c => c.Saga.Failure is not null,
                    refused => refused.ThenAsync(steps.PublishFailedAsync).TransitionTo(Failed),
                    accepted => accepted.IfElse(c => c.Saga.DeadlineUtcMicros is null,
                        noOp => noOp.TransitionTo(Completed),
                        prepare => prepare.TransitionTo(Preparing))));

        During(Preparing,
            // The same MoveDevice again (redelivery): the move is already under way.
            Ignore(MoveRequested),
            When(Prepared, c => c.Message.RecordingServerId == c.Saga.ToRecordingServerId && c.Message.Succeeded)
                .ThenAsync(steps.CommitAsync)
                .IfElse(c => c.Saga.Failure is null,
                    done => done.TransitionTo(Completed),
                    failed => failed.ThenAsync(steps.RollBackAsync).TransitionTo(Failed)),
            When(Prepared, c => c.Message.RecordingServerId == c.Saga.ToRecordingServerId && !c.Message.Succeeded)
                .Then(c => steps.Fail(c.Saga, MoveFailures.PrepareFailed,
                    $"Recording server '{c.Saga.ToRecordingServerId}' could not start recording device '{c.Saga.DeviceId}': {c.Message.Error ?? "no reason given"}."))
                .ThenAsync(steps.RollBackAsync)
                .TransitionTo(Failed),
            When(DeadlinePassed, c => steps.IsPastDeadline(c.Saga))
                .Then(c => steps.Fail(c.Saga, MoveFailures.TimedOut,
                    $"Recording server '{c.Saga.ToRecordingServerId}' did not confirm it records device '{c.Saga.DeviceId}' within {steps.PrepareTimeout.TotalSeconds:0.#} s."))
                .ThenAsync(steps.RollBackAsync)
                .TransitionTo(Failed));

        During(Completed, Ignore(MoveRequested), Ignore(Prepared), Ignore(DeadlinePassed));

        During(Failed,
            Ignore(MoveRequested),
            Ignore(DeadlinePassed),
            // A target that answers after the roll-back must still stop: cancel again.
            When(Prepared, c => c.Message.Succeeded && c.Message.RecordingServerId == c.Saga.ToRecordingServerId && c.Saga.DeadlineUtcMicros is not null)
                .ThenAsync(steps.SendCancelAsync));
    }

    public State Preparing { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<MoveDevice> MoveRequested { get; private set; } = null!;
    public Event<RecordingPrepared> Prepared { get; private set; } = null!;
    public Event<MoveDeadlinePassed> DeadlinePassed { get; private set; } = null!;
}
