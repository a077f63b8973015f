using MassTransit;

namespace VmsServices.Management.Moves;

/// <summary>
/// One move of a device between recording servers (seed 000 FIG. 8/9): the saga instance, one row
/// of the <c>moves</c> table. Rows are kept after the move ended, as its history.
/// </summary>
public sealed class MoveState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The move id (MoveDevice.MoveId).</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Initial, Preparing, Completed or Failed (<see cref="MoveStates"/>).</summary>
    public string CurrentState { get; set; } = MoveStates.Initial;

    /// <summary>Optimistic concurrency: the row's version when loaded; every write checks and bumps it.</summary>
    public int Version { get; set; }

    public string DeviceId { get; set; } = "";
    public string FromRecordingServerId { get; set; } = "";
    public string ToRecordingServerId { get; set; } = "";
    public string RequestedBy { get; set; } = "";

    /// <summary>Why a move failed, fit to show a user; null unless Failed.</summary>
    public string? Reason { get; set; }

    /// <summary>What kind of failure (<see cref="MoveFailures"/>); null unless Failed.</summary>
    public string? Failure { get; set; }

    public long CreatedUtcMicros { get; set; }
    public long UpdatedUtcMicros { get; set; }

    /// <summary>While Preparing: when the move rolls back if the target has not answered.</summary>
    public long? DeadlineUtcMicros { get; set; }

    /// <summary>When it ended (Completed or Failed).</summary>
    public long? EndedUtcMicros { get; set; }

    /// <summary>The configuration table version that made the target current; null if the table did not change.</summary>
    public long? ConfigurationVersion { get; set; }
}

public static class MoveStates
{
    public const string Initial = "Initial";
    public const string Preparing = "Preparing";
    public const string Completed = "Completed";
    public const string Failed = "Failed";

    public static bool IsRunning(string state) => state is Initial or Preparing;
}

/// <summary>Kinds of failure of a move; the HTTP API maps each to its status.</summary>
public static class MoveFailures
{
    public const string Invalid = "invalid";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string NotAuthorized = "not-authorized";
    public const string PrepareFailed = "prepare-failed";
    public const string TimedOut = "timed-out";
}
