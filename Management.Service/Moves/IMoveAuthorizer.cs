namespace VmsServices.Management.Moves;

/// <summary>Who asks to move which device where; checked before anything changes (seed 000 [0103]).</summary>
public sealed record MoveAuthorizationRequest(string RequestedBy, string DeviceId, string FromRecordingServerId, string ToRecordingServerId);

/// <summary>
/// Decides whether a move may happen. The default allows every move; security replaces it by
/// registering its own implementation (the last registration wins).
/// </summary>
public interface IMoveAuthorizer
{
    ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct);
}

public sealed class AllowAllMoveAuthorizer : IMoveAuthorizer
{
    public ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct) => ValueTask.FromResult(true);
}
