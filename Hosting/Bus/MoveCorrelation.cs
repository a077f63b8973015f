using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Hosting.Bus;

/// <summary>
/// Every message of a move carries the move id as its MassTransit CorrelationId, so a broker trace,
/// an error queue or a log line shows which move a message belongs to. (The conversation of a move
/// also bears its id: the management server starts it with ConversationId = MoveId, and MassTransit
/// hands the ConversationId on to every message sent or published while handling one.)
/// </summary>
public static class MoveCorrelation
{
    public static void Configure(IBusFactoryConfigurator cfg)
    {
        cfg.SendTopology.UseCorrelationId<MoveDevice>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<PrepareRecording>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<RecordingPrepared>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<CancelPreparedRecording>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<MoveDeadlinePassed>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<DeviceMoved>(m => m.MoveId);
        cfg.SendTopology.UseCorrelationId<MoveFailed>(m => m.MoveId);
    }
}
