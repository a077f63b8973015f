namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for the public keys that verify the management server's tokens,
/// asked at start and whenever a token names a key it does not know (a rotated key). Answered with
/// <see cref="TokenKeysReply"/>. Public keys are no secret; the bus is trusted as for every command.
/// </summary>
public sealed record GetTokenKeys(string RecordingServerId);

/// <param name="KeyId">The token header's <c>kid</c>.</param>
/// <param name="PublicKey">SubjectPublicKeyInfo (DER) of an ECDSA P-256 key.</param>
public sealed record TokenKey(string KeyId, byte[] PublicKey);

/// <param name="Revocations">The revocations still in force (<see cref="TokensRevoked"/>), for a server that was not listening when they were published.</param>
public sealed record TokenKeysReply(IReadOnlyList<TokenKey> Keys, IReadOnlyList<TokenRevocation>? Revocations = null);
