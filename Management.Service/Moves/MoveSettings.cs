namespace VmsServices.Management.Moves;

/// <summary>Settings of "Management:Moves".</summary>
public sealed class MoveSettings
{
    /// <summary>How long the target of a move may take to answer PrepareRecording before the move rolls back.</summary>
    public TimeSpan PrepareTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long POST /api/devices/{id}/move waits for the move to end before answering 202 with its location.</summary>
    public TimeSpan AcknowledgeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the moves table is polled for moves past their deadline.</summary>
    public TimeSpan DeadlinePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
