namespace VmsServices.Messages;

/// <summary>
/// Command from the management server to itself: the move's target did not answer
/// <see cref="PrepareRecording"/> before the move's deadline, so the move rolls back. Sent by a
/// poller of the moves table (delayed scheduling is not available on the broker), repeatedly while
/// the move is still preparing; receiving it again after the move ended changes nothing.
/// </summary>
public sealed record MoveDeadlinePassed(Guid MoveId, long DeadlineUtcMicros);
