namespace VmsServices.Management.Moves;

/// <summary>Who asks to move which device where; checked before anything changes (seed 000 [0103]).</summary>
public sealed record MoveAuthorizationRequest(string RequestedBy, string DeviceId, string FromRecordingServerId, string ToRecordingServerId);

/// <summary>
/// Decides whether a move may happen, inside the move saga. Who may ask is decided before that, at
/// the API: only an administrator (VmsPolicies.Administer, with their device limits) reaches
/// POST /api/devices/{id}/move, and failover and rebalancing are the system's own. This hook is for a
/// site's further rules (a change window, a four-eyes approval); the default allows every move that
/// got this far. A site registers its own implementation (the last registration wins).
/// </summary>
public interface IMoveAuthorizer
{
    ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct);
}

public sealed class AllowAllMoveAuthorizer : IMoveAuthorizer
{
    public ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct) => ValueTask.FromResult(true);
}
