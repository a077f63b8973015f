using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Api;

/// <summary>A move as GET /api/moves/{id} shows it; times in UTC microseconds.</summary>
public sealed record Move(
    Guid Id,
    string DeviceId,
    string FromRecordingServerId,
    string ToRecordingServerId,
    string State,
    string RequestedBy,
    string? Failure,
    string? Reason,
    long RequestedUtcMicros,
    long? DeadlineUtcMicros,
    long? EndedUtcMicros,
    long? ConfigurationVersion)
{
    public bool IsRunning => State is "Initial" or "Preparing";
    public bool Failed => State == "Failed";
}

/// <summary>
/// The API's kinds of move failure ("failure" of a move, and of the problem document that
/// POST /api/devices/{id}/move answers with) and the exit code each gives.
/// </summary>
public static class MoveFailures
{
    public static int ExitCode(string? failure) => failure switch
    {
        "invalid" => ExitCodes.Usage,
        "not-found" => ExitCodes.NotFound,
        "conflict" => ExitCodes.Conflict,
        "not-authorized" => ExitCodes.Forbidden,
        "timed-out" => ExitCodes.Timeout,
        _ => ExitCodes.Failure,
    };
}
